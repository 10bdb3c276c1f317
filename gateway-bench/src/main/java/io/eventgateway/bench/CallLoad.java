package io.eventgateway.bench;

import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishBatchRequest;
import io.eventgateway.api.v1.PublishBatchResponse;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublishResult;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Unary {@code Publish} or {@code PublishBatch}: one sender thread keeps up to {@code inFlight}
 * calls open, round-robin over the channels, on the async stub. A batch's events each keep their
 * own intended send time; the batch leaves when its last event is due.
 */
final class CallLoad implements Load {
  private static final long DEADLINE_SECONDS = 60;

  private final List<PublisherServiceGrpc.PublisherServiceStub> stubs = new ArrayList<>();
  private final boolean batch;
  private final int batchSize;
  private final String stream;
  private final EventShape shape;
  private final double rate;
  private final Measurement measurement;
  private final Semaphore calls;
  private final Thread sender;
  private volatile boolean stopped;

  /**
   * @param batchSize events per {@code PublishBatch} call; 0 for unary {@code Publish}
   */
  CallLoad(
      List<? extends Channel> channels,
      int batchSize,
      int inFlight,
      String stream,
      EventShape shape,
      double rate,
      Measurement measurement) {
    channels.forEach(channel -> stubs.add(PublisherServiceGrpc.newStub(channel)));
    this.batch = batchSize > 0;
    this.batchSize = Math.max(1, batchSize);
    this.stream = stream;
    this.shape = shape;
    this.rate = rate;
    this.measurement = measurement;
    this.calls = new Semaphore(inFlight);
    this.sender = new Thread(this::send, batch ? "bench-batch-sender" : "bench-unary-sender");
  }

  @Override
  public void start() {
    sender.start();
  }

  private void send() {
    Pacer pacer = new Pacer(System.nanoTime(), rate);
    long seq = 0;
    int next = 0;
    try {
      while (!stopped) {
        if (!calls.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue;
        }
        PublisherServiceGrpc.PublisherServiceStub stub =
            stubs.get(next++ % stubs.size()).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
        long[] intended = new long[batchSize];
        List<Event> events = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
          intended[i] = pacer.awaitNext(System.nanoTime());
          events.add(shape.event("c-" + seq++, shape.randomSubject()));
        }
        measurement.sent(batchSize);
        if (batch) {
          stub.publishBatch(
              PublishBatchRequest.newBuilder().setStream(stream).addAllEvents(events).build(),
              new Outcome<PublishBatchResponse>(intended) {
                @Override
                public void onNext(PublishBatchResponse response) {
                  long now = System.nanoTime();
                  for (PublishResult result : response.getResultsList()) {
                    record(result, now);
                  }
                }
              });
        } else {
          stub.publish(
              PublishRequest.newBuilder().setStream(stream).setEvent(events.get(0)).build(),
              new Outcome<PublishResponse>(intended) {
                @Override
                public void onNext(PublishResponse response) {
                  record(response.getResult(), System.nanoTime());
                }
              });
        }
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void stopSending() throws InterruptedException {
    stopped = true;
    sender.join();
  }

  @Override
  public void close() {
    stopped = true;
  }

  /** The outcome of one call: its events' results in order, then completion or failure. */
  private abstract class Outcome<T> implements StreamObserver<T> {
    private final long[] intended;
    private int reported;

    Outcome(long[] intended) {
      this.intended = intended;
    }

    final void record(PublishResult result, long now) {
      if (reported >= intended.length) {
        return;
      }
      measurement.result(result, intended[reported++], now, shape.dataSize());
    }

    @Override
    public final void onError(Throwable failure) {
      String reason = Status.fromThrowable(failure).toString();
      for (; reported < intended.length; reported++) {
        measurement.failed(intended[reported], reason);
      }
      calls.release();
    }

    @Override
    public final void onCompleted() {
      for (; reported < intended.length; reported++) {
        measurement.failed(intended[reported], "the call ended without a result for the event");
      }
      calls.release();
    }
  }
}
