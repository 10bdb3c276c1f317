package io.eventgateway.faults;

import com.google.protobuf.ByteString;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.testkit.http2.RawHttp2;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The {@code hostile-clients} scenario's attackers, all at once against the gateway process for a
 * phase, each aimed at one limit:
 *
 * <ul>
 *   <li>{@value #LARGE_EVENT_CALLS} {@code PublishStream} calls on two connections sending events
 *       of almost 1 MiB as fast as flow control lets them: the memory budget ({@code
 *       memory.max-bytes});
 *   <li>{@value #UNFINISHED_CONNECTIONS} raw HTTP/2 connections ({@link RawHttp2}) each starting
 *       {@value #MESSAGES_PER_CONNECTION} messages of almost {@code grpc.max-inbound-message-bytes}
 *       and sending all but 1 MiB of each, then nothing, again on a new connection once they have
 *       ended: {@code grpc.max-unfinished-bytes(-per-connection)} and {@code
 *       grpc.unfinished-message-timeout};
 *   <li>unary calls with {@value #METADATA_SENT} bytes of metadata, one every 200 ms: {@code
 *       grpc.max-metadata-bytes};
 *   <li>every 5 s a burst of {@value #BURST} connections: {@code grpc.max-connections-per-address}.
 * </ul>
 *
 * Meanwhile {@link MemoryWatch} keeps the maxima of the gateway's memory, and afterwards the
 * gateway's log is searched for OutOfMemoryError. The limits the attacks are sized for are those of
 * {@link #gatewaySettings()}, which the suite gives its gateway.
 *
 * <p>Not thread-safe: one scenario runs it; its attackers have threads of their own.
 */
final class HostileClients {
  static final int LARGE_EVENT_CALLS = 4;
  static final int UNFINISHED_CONNECTIONS = 6;
  static final int MESSAGES_PER_CONNECTION = 4;
  static final int METADATA_SENT = 20_000;
  static final int BURST = 30;

  /** Below the default of 100, so that a burst of {@value #BURST} passes it. */
  static final int MAX_CONNECTIONS_PER_ADDRESS = 24;

  /** Shorter than the default 20 s, so that the unfinished messages end within the phase. */
  static final Duration UNFINISHED_MESSAGE_TIMEOUT = Duration.ofSeconds(10);

  /** An eighth of the gateway's 256 MiB heap, as the default would be; set, so it is known. */
  static final long MAX_UNFINISHED_BYTES = 32L << 20;

  /** The defaults, stated: the attacks are sized for them. */
  static final int MAX_METADATA_BYTES = 16_384;

  static final int MAX_INBOUND_MESSAGE_BYTES = 8 << 20;

  private static final int MIB = 1 << 20;
  private static final String PUBLISH = "/eventgateway.v1.PublisherService/Publish";
  private static final Duration BURST_EVERY = Duration.ofSeconds(5);

  private final int grpcPort;
  private final int httpPort;
  private final String stream;
  private final GatewayNode gateway;
  private final Consumer<String> log;

  /**
   * @param stream where the large events and the oversized-metadata calls publish
   * @param log progress lines
   */
  HostileClients(
      int grpcPort, int httpPort, String stream, GatewayNode gateway, Consumer<String> log) {
    this.grpcPort = grpcPort;
    this.httpPort = httpPort;
    this.stream = stream;
    this.gateway = gateway;
    this.log = log;
  }

  /** The gateway's {@code grpc} settings the attacks are sized for (besides its port). */
  static Map<String, Object> gatewaySettings() {
    Map<String, Object> grpc = new LinkedHashMap<>();
    grpc.put("max-inbound-message-bytes", MAX_INBOUND_MESSAGE_BYTES);
    grpc.put("max-metadata-bytes", MAX_METADATA_BYTES);
    grpc.put("max-connections-per-address", MAX_CONNECTIONS_PER_ADDRESS);
    grpc.put("unfinished-message-timeout", UNFINISHED_MESSAGE_TIMEOUT.toMillis() + "ms");
    grpc.put("max-unfinished-bytes", MAX_UNFINISHED_BYTES);
    return grpc;
  }

  /**
   * Attacks for {@code phase}, then waits for the attackers to end.
   *
   * @param otherPublishCalls publish calls the suite's own clients keep open meanwhile
   */
  HostileOutcome attackFor(Duration phase, int otherPublishCalls) throws InterruptedException {
    long deadline = System.nanoTime() + phase.toNanos();
    Tally large = new Tally();
    Tally unfinished = new Tally();
    Tally metadata = new Tally();
    Tally burst = new Tally();
    List<ManagedChannel> channels = new ArrayList<>();
    ExecutorService attackers = Executors.newFixedThreadPool(UNFINISHED_CONNECTIONS + 2);
    MemoryWatch watch = new MemoryWatch(httpPort).start();
    try {
      List<LargeEventCalls> calls = new ArrayList<>();
      for (int c = 0; c < 2; c++) {
        channels.add(channel());
      }
      for (int i = 0; i < LARGE_EVENT_CALLS; i++) {
        calls.add(
            new LargeEventCalls(channels.get(i % 2), stream, "large-" + i, deadline, large)
                .start());
      }
      List<Future<?>> running = new ArrayList<>();
      byte[] part =
          partOfMessage(MAX_INBOUND_MESSAGE_BYTES - 1000, MAX_INBOUND_MESSAGE_BYTES - MIB);
      for (int c = 0; c < UNFINISHED_CONNECTIONS; c++) {
        running.add(attackers.submit(() -> unfinishedMessages(part, deadline, unfinished)));
      }
      ManagedChannel metadataChannel = channel();
      channels.add(metadataChannel);
      running.add(attackers.submit(() -> oversizedMetadata(metadataChannel, deadline, metadata)));
      running.add(attackers.submit(() -> connectionBursts(deadline, burst)));
      log.accept(
          "attacking: "
              + LARGE_EVENT_CALLS
              + " large-event calls, "
              + UNFINISHED_CONNECTIONS
              + " connections of unfinished messages, oversized metadata, connection bursts");
      for (Future<?> attacker : running) {
        try {
          attacker.get(phase.toMillis() + 120_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException failed) {
          throw new IllegalStateException("an attacker failed", failed);
        }
      }
      for (LargeEventCalls call : calls) {
        if (!call.awaitEnd(Duration.ofSeconds(60))) {
          large.count("call not ended 60 s after the attack");
        }
      }
    } finally {
      attackers.shutdownNow();
      for (ManagedChannel channel : channels) {
        channel.shutdownNow();
      }
      watch.stop();
    }
    Map<String, Map<String, Long>> attacks = new LinkedHashMap<>();
    attacks.put(HostileOutcome.LARGE_EVENTS, large.snapshot());
    attacks.put(HostileOutcome.UNFINISHED, unfinished.snapshot());
    attacks.put(HostileOutcome.METADATA, metadata.snapshot());
    attacks.put(HostileOutcome.BURST, burst.snapshot());
    return new HostileOutcome(
        attacks,
        watch.maxima(),
        // the suite's calls, the large-event calls and one oversized-metadata call
        otherPublishCalls + LARGE_EVENT_CALLS + 1,
        MAX_INBOUND_MESSAGE_BYTES,
        MAX_UNFINISHED_BYTES,
        gateway.logSinceStart().contains("OutOfMemoryError"));
  }

  /**
   * Until {@code deadline}: a connection starts its messages, sends {@code part} of each, and waits
   * for the gateway to end them; then the next connection.
   */
  private Void unfinishedMessages(byte[] part, long deadline, Tally tally) {
    while (System.nanoTime() < deadline) {
      try (RawHttp2.Connection connection = new RawHttp2.Connection(grpcPort)) {
        List<Integer> open = new ArrayList<>();
        for (int m = 0; m < MESSAGES_PER_CONNECTION; m++) {
          int id = 1 + 2 * m;
          connection.open(id, PUBLISH);
          boolean sent;
          try {
            sent = connection.data(id, part, Duration.ofSeconds(30));
          } catch (AssertionError noWindow) {
            tally.count("stalled by flow control");
            continue;
          }
          if (sent) {
            open.add(id);
          } else {
            tally.count(ending(connection, id));
          }
        }
        for (int id : open) {
          tally.count(ending(connection, id));
        }
      } catch (IOException closed) {
        // the gateway closed it (over grpc.max-connections-per-address while a burst is on): try
        // again shortly, not in a spin
        tally.count("connection closed");
        try {
          TimeUnit.MILLISECONDS.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return null;
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  /** How the gateway ended stream {@code id}: waits up to twice the unfinished-message timeout. */
  private static String ending(RawHttp2.Connection connection, int id) throws InterruptedException {
    try {
      RawHttp2.Ending ending =
          connection.awaitEnding(id, UNFINISHED_MESSAGE_TIMEOUT.multipliedBy(2));
      return ending
          .grpcStatus()
          .map(
              code ->
                  HostileOutcome.status(
                      Status.fromCodeValue(code).getCode().name(), ending.grpcMessage()))
          .orElse("reset");
    } catch (AssertionError notEnded) {
      return connection.closedByGateway() ? "connection closed" : "not ended in time";
    }
  }

  /** Until {@code deadline}, every 200 ms a unary call with {@value #METADATA_SENT} bytes. */
  private Void oversizedMetadata(ManagedChannel channel, long deadline, Tally tally)
      throws InterruptedException {
    Metadata big = new Metadata();
    big.put(Metadata.Key.of("x-big", Metadata.ASCII_STRING_MARSHALLER), "x".repeat(METADATA_SENT));
    PublisherServiceGrpc.PublisherServiceBlockingStub stub =
        PublisherServiceGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(big));
    int n = 0;
    while (System.nanoTime() < deadline) {
      try {
        com.google.rpc.Status status =
            stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                .publish(
                    PublishRequest.newBuilder()
                        .setStream(stream)
                        .setEvent(
                            Event.newBuilder()
                                .setId("metadata-" + n++)
                                .setSource("/faults/hostile")
                                .setType("io.eventgateway.faults.metadata")
                                .setData(ByteString.copyFromUtf8("x")))
                        .build())
                .getResult()
                .getStatus();
        tally.count(
            status.getCode() == 0
                ? "acknowledged"
                : HostileOutcome.status(
                    Status.fromCodeValue(status.getCode()).getCode().name(), status.getMessage()));
      } catch (RuntimeException refused) {
        Status status = Status.fromThrowable(refused);
        tally.count(HostileOutcome.status(status.getCode().name(), status.getDescription()));
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return null;
  }

  /**
   * Until {@code deadline}, every 5 s: {@value #BURST} connections at once; after 2 s, those the
   * gateway closed are counted "closed at once", the others "accepted"; then all are closed.
   */
  private Void connectionBursts(long deadline, Tally tally)
      throws IOException, InterruptedException {
    while (System.nanoTime() < deadline) {
      long next = System.nanoTime() + BURST_EVERY.toNanos();
      List<RawHttp2.Connection> connections = new ArrayList<>();
      try {
        for (int i = 0; i < BURST; i++) {
          try {
            connections.add(new RawHttp2.Connection(grpcPort));
          } catch (IOException refused) {
            tally.count("connect failed");
          }
        }
        TimeUnit.SECONDS.sleep(2);
        for (RawHttp2.Connection connection : connections) {
          tally.count(connection.closedByGateway() ? "closed at once" : "accepted");
        }
      } finally {
        for (RawHttp2.Connection connection : connections) {
          connection.close();
        }
      }
      TimeUnit.NANOSECONDS.sleep(Math.max(0, Math.min(next, deadline) - System.nanoTime()));
    }
    return null;
  }

  private ManagedChannel channel() {
    return ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
  }

  /** The prefix of a message of {@code length} bytes and the first {@code sent} of them. */
  private static byte[] partOfMessage(int length, int sent) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(RawHttp2.messagePrefix(length));
    bytes.writeBytes(new byte[sent]);
    return bytes.toByteArray();
  }
}
