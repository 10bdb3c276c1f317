package io.eventgateway.app.cli;

import io.eventgateway.api.v1.Acknowledgement;
import io.eventgateway.api.v1.Delivery;
import io.eventgateway.api.v1.DeliveryPosition;
import io.eventgateway.api.v1.StartFrom;
import io.eventgateway.api.v1.SubscribeRequest;
import io.eventgateway.api.v1.SubscriberServiceGrpc;
import io.eventgateway.api.v1.Subscription;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code esg subscribe}: prints a stream's deliveries as JSON lines. */
@Command(
    name = "subscribe",
    mixinStandardHelpOptions = true,
    versionProvider = EsgCommand.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Print the events of a stream as they come, one JSON line each: where the event is"
          + " (stream, partition, offset, timestamp) and the event in the CloudEvents JSON"
          + " format.",
      "",
      "  esg subscribe --stream events --from earliest --count 10",
      "  esg subscribe --stream events --group billing",
      "  esg subscribe --stream events --from time --time 2026-11-28T10:00:00Z",
      "",
      "With --group, subscribers share the stream's partitions and each delivery is"
          + " acknowledged once printed, so the group resumes after it next time (replay with"
          + " 'esg groups reset'). Stops after --count events, after --idle-timeout without"
          + " events, or on Ctrl-C.",
      ""
    })
public final class SubscribeCli implements Callable<Integer> {

  /** Where to start, as the command line names it. */
  enum From {
    committed,
    earliest,
    latest,
    offsets,
    time
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin GatewayTarget target;

  @Option(names = "--stream", required = true, description = "The declared stream to read.")
  String stream;

  @Option(
      names = "--group",
      description = "Consumer group: members share the partitions and resume where it left off.")
  String group;

  @Option(
      names = "--from",
      description =
          "Where to start: ${COMPLETION-CANDIDATES} (default: committed with a group, latest"
              + " without).")
  From from;

  @Option(
      names = "--offset",
      description = "With --from offsets: partition=offset (repeatable); only those partitions.")
  Map<Integer, Long> offsets = new LinkedHashMap<>();

  @Option(names = "--time", description = "With --from time: an RFC 3339 time.")
  String time;

  @Option(
      names = "--auto-ack",
      description = "Let the gateway count each delivery as acknowledged once sent.")
  boolean autoAck;

  @Option(names = "--count", description = "Stop after this many events.")
  long count;

  @Option(names = "--idle-timeout", description = "Stop after this many seconds without an event.")
  long idleTimeoutSeconds;

  @Override
  public Integer call() throws Exception {
    Subscription.Builder subscription =
        Subscription.newBuilder().setStream(stream).setAutoAck(autoAck);
    if (group != null) {
      subscription.setGroup(group);
    }
    if (from != null) {
      subscription.setStartFrom(
          StartFrom.valueOf("START_FROM_" + from.name().toUpperCase(Locale.ROOT)));
    }
    subscription.putAllStartOffsets(offsets);
    if (time != null) {
      try {
        subscription.setStartTime(CloudEventJson.timestamp(time));
      } catch (IllegalArgumentException invalid) {
        spec.commandLine().getErr().println("esg: --time: " + invalid.getMessage());
        return 2;
      }
    }
    ManagedChannel channel = target.open();
    try {
      return new Reader(spec.commandLine().getOut(), spec.commandLine().getErr())
          .run(channel, subscription.build());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** One Subscribe call: prints, acknowledges, stops when told to. */
  private final class Reader implements ClientResponseObserver<SubscribeRequest, Delivery> {
    private final PrintWriter out;
    private final PrintWriter err;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong received = new AtomicLong();
    private volatile long lastDeliveryNanos = System.nanoTime();
    private ClientCallStreamObserver<SubscribeRequest> requests;

    Reader(PrintWriter out, PrintWriter err) {
      this.out = out;
      this.err = err;
    }

    int run(ManagedChannel channel, Subscription subscription) throws InterruptedException {
      SubscriberServiceGrpc.newStub(channel).subscribe(this);
      synchronized (this) {
        requests.onNext(SubscribeRequest.newBuilder().setSubscribe(subscription).build());
      }
      Thread hook = new Thread(this::stop, "esg-subscribe-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        while (!ended.await(200, TimeUnit.MILLISECONDS)) {
          long idle = System.nanoTime() - lastDeliveryNanos;
          if (idleTimeoutSeconds > 0 && idle > TimeUnit.SECONDS.toNanos(idleTimeoutSeconds)) {
            stop();
          }
        }
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // Ctrl-C: the hook is running
        }
      }
      Throwable error = failure.get();
      if (error == null) {
        return 0;
      }
      if (error instanceof StatusRuntimeException status) {
        return GatewayTarget.fail(err, status);
      }
      err.println("esg: " + error);
      return 1;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
      this.requests = requestStream;
    }

    @Override
    public void onNext(Delivery delivery) {
      lastDeliveryNanos = System.nanoTime();
      long n = received.incrementAndGet();
      if (count > 0 && n > count) {
        return; // more than asked for, in flight before the stop: not printed, not acknowledged
      }
      out.println(CloudEventJson.format(delivery));
      out.flush();
      synchronized (this) {
        if (!autoAck) {
          requests.onNext(
              SubscribeRequest.newBuilder()
                  .setAck(
                      Acknowledgement.newBuilder()
                          .addPositions(
                              DeliveryPosition.newBuilder()
                                  .setPartition(delivery.getPartition())
                                  .setOffset(delivery.getOffset())))
                  .build());
        }
      }
      if (count > 0 && n == count) {
        stop();
      }
    }

    /** Ends the call from our side; the gateway commits what was acknowledged, then ends it. */
    private synchronized void stop() {
      if (ended.getCount() > 0) {
        try {
          requests.onCompleted();
        } catch (IllegalStateException alreadyClosed) {
          ended.countDown();
        }
      }
    }

    @Override
    public void onError(Throwable t) {
      if (!(t instanceof StatusRuntimeException status
          && status.getStatus().getCode() == Status.Code.CANCELLED)) {
        failure.set(t);
      }
      ended.countDown();
    }

    @Override
    public void onCompleted() {
      ended.countDown();
    }
  }
}
