package io.eventgateway.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.testkit.http2.RawHttp2;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import io.eventgateway.testkit.process.FreePorts;
import io.eventgateway.testkit.process.JvmCommand;
import io.eventgateway.testkit.process.JvmProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP/2 edge's limits attacked on a gateway process with a 256 MiB heap (and so at most 256
 * MiB of direct memory), while a {@link SteadyPublisher} on a connection of its own keeps
 * publishing: each attack gets the status that names its limit, the steady client's events are
 * acknowledged within a second and all of them are in Kafka, direct memory stays well under its
 * maximum, and the gateway never logs an OutOfMemoryError.
 */
class EdgeLimitsIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final String STREAM = KafkaBrokerExtension.uniqueTopicName("edge");
  private static final String PUBLISH = "/eventgateway.v1.PublisherService/Publish";
  private static final int MIB = 1 << 20;
  private static final int PER_ADDRESS = 40;
  private static final Duration UNFINISHED_TIMEOUT = Duration.ofSeconds(6);
  private static final Duration ACK_WITHIN = Duration.ofSeconds(1);
  private static final Duration SLOWEST_ACK = Duration.ofSeconds(5);

  @TempDir static Path directory;
  private static JvmProcess gateway;
  private static int grpcPort;
  private static int httpPort;
  private static SteadyPublisher steady;
  private final List<RawHttp2.Connection> attackers = new ArrayList<>();

  @BeforeAll
  static void startGateway() throws IOException {
    int[] ports = FreePorts.onLoopback(2);
    grpcPort = ports[0];
    httpPort = ports[1];
    Path config = directory.resolve("esg.yaml");
    Files.writeString(
        config,
        """
        grpc:
          max-connections: 60
          max-connections-per-address: %d
          unfinished-message-timeout: %dms
        kafka:
          replication:
            factor: 1
        streams:
          - {name: %s, class: events}
        """
            .formatted(PER_ADDRESS, UNFINISHED_TIMEOUT.toMillis(), STREAM));
    JvmCommand command =
        EsgJar.command(
                "serve",
                "--config",
                config.toString(),
                "--grpc-port",
                String.valueOf(grpcPort),
                "--bootstrap-servers",
                KAFKA.bootstrapServers())
            .jvmOptions("-Xmx256m")
            .environment("ESG_HTTP_PORT", Integer.toString(httpPort))
            .build();
    gateway =
        JvmProcess.builder("edge-gateway", command, directory.resolve("edge-gateway.log"))
            .stopGrace(Duration.ZERO)
            .build();
    gateway.start();
    EsgJar.awaitReady(gateway, httpPort);
    steady = new SteadyPublisher(grpcPort, STREAM);
    await().atMost(Duration.ofSeconds(30)).until(() -> steady.acknowledged() > 5);
  }

  @AfterAll
  static void stopGateway() throws Exception {
    try {
      steady.close();
      assertThat(steady.failures()).as("the steady client's failures").isEmpty();
      int acknowledged = steady.acknowledged();
      // the metadata test publishes 2 events of its own
      assertThat(
              KAFKA.readAll(STREAM, acknowledged + 2, Duration.ofSeconds(30)).stream()
                  .map(r -> new String(r.headers().lastHeader("ce_id").value(), UTF_8))
                  .filter(id -> id.startsWith("steady-"))
                  .distinct()
                  .count())
          .as("every acknowledged event is in Kafka")
          .isEqualTo(acknowledged);
      assertThat(gateway.logSinceStart()).doesNotContain("OutOfMemoryError");
    } finally {
      gateway.close();
    }
  }

  @BeforeEach
  void measureFromHere() {
    steady.ackTimesSinceLastAsked();
  }

  @AfterEach
  void steadyClientWasServedAndTheAttackLeftNothingBehind() throws Exception {
    for (RawHttp2.Connection attacker : attackers) {
      attacker.close();
    }
    SteadyPublisher.AckTimes acks = steady.ackTimesSinceLastAsked();
    // the gateway forgets the closed connections before the next test attacks
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              MetricsScrape metrics = MetricsScrape.of(httpPort);
              assertThat(metrics.value("esg_grpc_unfinished_messages_bytes")).isZero();
              assertThat(metrics.value("esg_grpc_connections_open")).isEqualTo(1);
            });
    assertThat(acks.count()).as("acknowledgements during the attack").isPositive();
    assertThat(acks.p99())
        .as("the steady client's acknowledgements during the attack, 99th percentile")
        .isLessThan(ACK_WITHIN);
    assertThat(acks.slowest()).as("its slowest").isLessThan(SLOWEST_ACK);
    assertThat(steady.failures()).isEmpty();
  }

  /**
   * 45 connections from one address, whose limit is 40: the steady client's and 39 more are served,
   * the rest are closed before HTTP/2 starts, counted, and logged in one line.
   */
  @Test
  void connectionsOverTheLimitOfTheirAddressAreClosedAtOnce() throws Exception {
    double refusedBefore = perAddressRefusals(MetricsScrape.of(httpPort));
    for (int i = 0; i < 45; i++) {
      attackers.add(new RawHttp2.Connection(grpcPort));
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(attackers.stream().filter(RawHttp2.Connection::closedByGateway))
                    .hasSize(45 - (PER_ADDRESS - 1)));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              MetricsScrape metrics = MetricsScrape.of(httpPort);
              assertThat(metrics.value("esg_grpc_connections_open")).isEqualTo(PER_ADDRESS);
              // every connection closed before a byte of HTTP/2 is counted as a refusal
              long refusedOnAccept =
                  attackers.stream()
                      .filter(c -> c.closedByGateway() && !c.heardFromGateway())
                      .count();
              assertThat(refusedOnAccept).isPositive();
              assertThat(perAddressRefusals(metrics) - refusedBefore)
                  .isEqualTo((double) refusedOnAccept);
            });
    assertThat(gateway.linesSinceStart())
        .filteredOn(line -> line.contains("grpc.max-connections-per-address (40) reached"))
        .hasSizeBetween(1, 2);
  }

  private static double perAddressRefusals(MetricsScrape metrics) {
    return metrics
        .sum("esg_grpc_edge_refusals_total", "limit", "grpc.max-connections-per-address")
        .orElse(0);
  }

  /**
   * One connection starts 8 MiB messages and sends 3 MiB of each: the sixth would take the
   * connection's unfinished bytes over grpc.max-unfinished-bytes-per-connection (16 MiB) and ends
   * with RESOURCE_EXHAUSTED; the five before it end with DEADLINE_EXCEEDED once
   * grpc.unfinished-message-timeout has passed; the connection serves on.
   */
  @Test
  void unfinishedMessagesAreBoundedPerConnectionAndInTime() throws Exception {
    RawHttp2.Connection attacker = attack();
    byte[] part = partOfMessage(8 * MIB - 1000, 3 * MIB);
    long start = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      int stream = 1 + 2 * i;
      attacker.open(stream, PUBLISH);
      assertThat(attacker.data(stream, part, Duration.ofSeconds(20)))
          .as("stream " + stream)
          .isTrue();
    }
    attacker.open(11, PUBLISH);
    assertThat(attacker.data(11, part, Duration.ofSeconds(20))).as("the sixth message").isFalse();

    RawHttp2.Ending overTheBound = attacker.awaitEnding(11, Duration.ofSeconds(5));
    assertThat(overTheBound.grpcStatus()).contains(Status.Code.RESOURCE_EXHAUSTED.value());
    assertThat(overTheBound.grpcMessage())
        .contains("grpc.max-unfinished-bytes-per-connection (16777216 bytes)");
    assertThat(attacker.ending(1)).as("the first message, still in time").isEmpty();
    assertThat(unfinishedBytes()).isGreaterThanOrEqualTo(15L * MIB);

    RawHttp2.Ending tooSlow = attacker.awaitEnding(1, UNFINISHED_TIMEOUT.multipliedBy(2));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(tooSlow.grpcStatus()).contains(Status.Code.DEADLINE_EXCEEDED.value());
    assertThat(tooSlow.grpcMessage())
        .contains("grpc.unfinished-message-timeout (" + UNFINISHED_TIMEOUT.toMillis() + " ms)");
    assertThat(took).isGreaterThanOrEqualTo(UNFINISHED_TIMEOUT);
    for (int stream = 3; stream <= 9; stream += 2) {
      assertThat(attacker.awaitEnding(stream, Duration.ofSeconds(5)).grpcStatus())
          .contains(Status.Code.DEADLINE_EXCEEDED.value());
    }
    assertThat(attacker.closedByGateway()).as("the connection lives").isFalse();
    MetricsScrape metrics = MetricsScrape.of(httpPort);
    assertThat(
            metrics.value(
                "esg_grpc_edge_refusals_total", "limit", "grpc.unfinished-message-timeout"))
        .isGreaterThanOrEqualTo(5);
  }

  /**
   * The attack of issue 14 scaled to this heap: 6 connections each start 4 messages of almost 8 MiB
   * and send 7 MiB of each, then nothing. The connections' and the gateway's bounds end what does
   * not fit (RESOURCE_EXHAUSTED), and Netty's direct memory stays under half its maximum (before
   * the bounds it reached the maximum and the gateway closed every connection).
   */
  @Test
  void partlySentMessagesOnManyConnectionsStayInsideTheGatewaysBound() throws Exception {
    AtomicLong mostDirect = new AtomicLong();
    ExecutorService attacks = Executors.newFixedThreadPool(6);
    try {
      List<Future<List<RawHttp2.Ending>>> endings = new ArrayList<>();
      byte[] part = partOfMessage(8 * MIB - 1000, 7 * MIB);
      for (int c = 0; c < 6; c++) {
        RawHttp2.Connection attacker = attack();
        endings.add(
            attacks.submit(
                () -> {
                  List<RawHttp2.Ending> refused = new ArrayList<>();
                  for (int stream = 1; stream <= 7; stream += 2) {
                    attacker.open(stream, PUBLISH);
                    if (!attacker.data(stream, part, Duration.ofSeconds(30))) {
                      refused.add(attacker.awaitEnding(stream, Duration.ofSeconds(5)));
                    }
                  }
                  return refused;
                }));
      }
      CompletableFuture<Void> sampling =
          CompletableFuture.runAsync(
              () -> {
                while (endings.stream().anyMatch(f -> !f.isDone())) {
                  mostDirect.accumulateAndGet(directMemoryUsed(), Math::max);
                }
              });
      List<String> messages = new ArrayList<>();
      for (Future<List<RawHttp2.Ending>> ending : endings) {
        for (RawHttp2.Ending refused : ending.get(60, TimeUnit.SECONDS)) {
          assertThat(refused.grpcStatus()).contains(Status.Code.RESOURCE_EXHAUSTED.value());
          messages.add(refused.grpcMessage());
        }
      }
      sampling.get(10, TimeUnit.SECONDS);
      mostDirect.accumulateAndGet(directMemoryUsed(), Math::max);

      MetricsScrape metrics = MetricsScrape.of(httpPort);
      double max = metrics.value("esg_netty_direct_memory_max_bytes");
      System.out.printf(
          "EdgeLimitsIT: direct memory at most %.1f MiB of %.1f MiB; unfinished %.1f MiB%n",
          mostDirect.get() / (double) MIB, max / MIB, unfinishedBytes() / (double) MIB);
      assertThat(messages).anyMatch(m -> m.contains("grpc.max-unfinished-bytes ("));
      assertThat(unfinishedBytes())
          .as("held at the end of the attack")
          .isLessThanOrEqualTo(256L * MIB / 8);
      assertThat((double) mostDirect.get()).isLessThan(max / 2);
      assertThat(metrics.sum("jvm_memory_used_bytes", "area", "heap").orElseThrow())
          .isLessThan(metrics.sum("jvm_memory_max_bytes", "area", "heap").orElseThrow());
      assertThat(attackers).noneMatch(RawHttp2.Connection::closedByGateway);
    } finally {
      attacks.shutdownNow();
    }
  }

  /**
   * Metadata over grpc.max-metadata-bytes (16 KiB) ends its call with RESOURCE_EXHAUSTED naming the
   * key; a PublishStream call open on the same connection serves on.
   */
  @Test
  void metadataOverTheLimitEndsOnlyItsOwnCall() throws Exception {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    try {
      LinkedBlockingQueue<PublishResponse> responses = new LinkedBlockingQueue<>();
      StreamObserver<PublishRequest> open =
          PublisherServiceGrpc.newStub(channel)
              .publishStream(
                  new StreamObserver<>() {
                    @Override
                    public void onNext(PublishResponse response) {
                      responses.add(response);
                    }

                    @Override
                    public void onError(Throwable failed) {}

                    @Override
                    public void onCompleted() {}
                  });
      open.onNext(request("m-1"));
      assertThat(responses.poll(10, TimeUnit.SECONDS)).isNotNull();
      Metadata big = new Metadata();
      big.put(Metadata.Key.of("x-big", Metadata.ASCII_STRING_MARSHALLER), "x".repeat(20_000));

      StatusRuntimeException refused =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  PublisherServiceGrpc.newBlockingStub(channel)
                      .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(big))
                      .withDeadlineAfter(10, TimeUnit.SECONDS)
                      .publish(request("m-2")));

      assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(refused.getStatus().getDescription())
          .contains("grpc.max-metadata-bytes (16384 bytes");
      open.onNext(request("m-3"));
      PublishResponse after = responses.poll(10, TimeUnit.SECONDS);
      assertThat(after).as("the open call's next answer").isNotNull();
      assertThat(after.getResult().getStatus().getCode()).isZero();
      open.onCompleted();
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private RawHttp2.Connection attack() throws IOException {
    RawHttp2.Connection attacker = new RawHttp2.Connection(grpcPort);
    attackers.add(attacker);
    return attacker;
  }

  /** The prefix of a message of {@code length} bytes and the first {@code sent} of them. */
  private static byte[] partOfMessage(int length, int sent) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(RawHttp2.messagePrefix(length));
    bytes.writeBytes(new byte[sent]);
    return bytes.toByteArray();
  }

  private static PublishRequest request(String id) {
    return PublishRequest.newBuilder()
        .setStream(STREAM)
        .setEvent(
            Event.newBuilder()
                .setId(id)
                .setSource("/tests/edge")
                .setType("t")
                .setSubject("s")
                .setData(ByteString.copyFromUtf8("x")))
        .build();
  }

  private static long unfinishedBytes() throws IOException, InterruptedException {
    return (long) MetricsScrape.of(httpPort).value("esg_grpc_unfinished_messages_bytes");
  }

  private static long directMemoryUsed() {
    try {
      return (long) MetricsScrape.of(httpPort).value("esg_netty_direct_memory_used_bytes");
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }
}
