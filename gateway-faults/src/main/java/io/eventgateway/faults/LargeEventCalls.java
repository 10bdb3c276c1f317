package io.eventgateway.faults;

import com.google.protobuf.ByteString;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@code PublishStream} call sending events of almost 1 MiB as fast as HTTP/2 flow control lets
 * it, until a deadline; a call the gateway ends is opened again. It counts in a {@link Tally} each
 * answer ({@code acknowledged} or the result's status) and each call's end ({@code "call ended
 * <code>"}).
 *
 * <p>Thread-safe: gRPC's callbacks drive it; {@link #awaitEnd} may be called from any thread.
 */
final class LargeEventCalls {
  /** Data of 1 MiB less room for the event's other fields, under limits.max-data-bytes. */
  static final ByteString DATA = ByteString.copyFrom(new byte[(1 << 20) - 4096]);

  private final ManagedChannel channel;
  private final String stream;
  private final String name;
  private final long deadlineNanos;
  private final Tally tally;
  private final AtomicLong sent = new AtomicLong();
  private final CountDownLatch ended = new CountDownLatch(1);

  LargeEventCalls(
      ManagedChannel channel, String stream, String name, long deadlineNanos, Tally tally) {
    this.channel = channel;
    this.stream = stream;
    this.name = name;
    this.deadlineNanos = deadlineNanos;
    this.tally = tally;
  }

  LargeEventCalls start() {
    PublisherServiceGrpc.newStub(channel).withWaitForReady().publishStream(new Call());
    return this;
  }

  /** Waits until the last call has ended; false when it has not within {@code timeout}. */
  boolean awaitEnd(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private boolean attacking() {
    return System.nanoTime() < deadlineNanos;
  }

  /** One call; when the gateway ends it before the deadline, the next one starts. */
  private final class Call implements ClientResponseObserver<PublishRequest, PublishResponse> {
    private ClientCallStreamObserver<PublishRequest> requests;
    private boolean completed;

    @Override
    public void beforeStart(ClientCallStreamObserver<PublishRequest> stream) {
      requests = stream;
      stream.setOnReadyHandler(this::sendWhileReady);
    }

    private synchronized void sendWhileReady() {
      while (!completed && requests.isReady()) {
        if (!attacking()) {
          completed = true;
          requests.onCompleted();
          return;
        }
        long n = sent.incrementAndGet();
        requests.onNext(
            PublishRequest.newBuilder()
                .setStream(stream)
                .setEvent(
                    Event.newBuilder()
                        .setId(name + "-" + n)
                        .setSource("/faults/hostile")
                        .setType("io.eventgateway.faults.large")
                        .setSubject(name + "-" + (n % 8))
                        .setData(DATA))
                .build());
      }
    }

    @Override
    public void onNext(PublishResponse response) {
      com.google.rpc.Status status = response.getResult().getStatus();
      tally.count(
          status.getCode() == 0
              ? "acknowledged"
              : HostileOutcome.status(
                  Status.fromCodeValue(status.getCode()).getCode().name(), status.getMessage()));
      if (!attacking()) {
        sendWhileReady(); // completes the call once the attack is over
      }
    }

    @Override
    public void onError(Throwable t) {
      Status status = Status.fromThrowable(t);
      tally.count(
          "call ended " + HostileOutcome.status(status.getCode().name(), status.getDescription()));
      if (attacking()) {
        PublisherServiceGrpc.newStub(channel).withWaitForReady().publishStream(new Call());
      } else {
        ended.countDown();
      }
    }

    @Override
    public void onCompleted() {
      tally.count("call ended OK");
      ended.countDown();
    }
  }
}
