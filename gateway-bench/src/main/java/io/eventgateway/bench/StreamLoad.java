package io.eventgateway.bench;

import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code PublishStream}: {@code streams} calls spread over the channels, each with its own sender
 * thread keeping up to {@code inFlight} events unacknowledged. Responses come in the order sent, so
 * each call keeps the intended send times of its events in a ring of {@code inFlight} slots.
 */
final class StreamLoad implements Load {
  private final List<Lane> lanes = new ArrayList<>();

  StreamLoad(
      List<? extends Channel> channels,
      int streams,
      int inFlight,
      String stream,
      EventShape shape,
      double rate,
      Measurement measurement) {
    for (int i = 0; i < streams; i++) {
      lanes.add(
          new Lane(
              i,
              PublisherServiceGrpc.newStub(channels.get(i % channels.size())),
              inFlight,
              stream,
              shape,
              rate / streams,
              measurement));
    }
  }

  @Override
  public void start() {
    lanes.forEach(lane -> lane.sender.start());
  }

  @Override
  public void stopSending() throws InterruptedException {
    for (Lane lane : lanes) {
      lane.stopped = true;
    }
    for (Lane lane : lanes) {
      lane.sender.join();
    }
  }

  @Override
  public void close() {
    for (Lane lane : lanes) {
      lane.stopped = true;
      lane.cancel();
    }
  }

  private static final class Lane
      implements ClientResponseObserver<PublishRequest, PublishResponse> {
    private final int index;
    private final PublisherServiceGrpc.PublisherServiceStub stub;
    private final int capacity;
    private final String stream;
    private final EventShape shape;
    private final double rate;
    private final Measurement measurement;
    private final Semaphore permits;
    private final AtomicLongArray intended;
    private final Thread sender;
    private volatile boolean stopped;
    private volatile boolean ended;
    private volatile long sentCount;
    // touched only by gRPC's callbacks of this call, which never run concurrently
    private long head;
    private ClientCallStreamObserver<PublishRequest> requests;

    Lane(
        int index,
        PublisherServiceGrpc.PublisherServiceStub stub,
        int capacity,
        String stream,
        EventShape shape,
        double rate,
        Measurement measurement) {
      this.index = index;
      this.stub = stub;
      this.capacity = capacity;
      this.stream = stream;
      this.shape = shape;
      this.rate = rate;
      this.measurement = measurement;
      this.permits = new Semaphore(capacity);
      this.intended = new AtomicLongArray(capacity);
      this.sender = new Thread(this::send, "bench-stream-" + index);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<PublishRequest> requestStream) {
      this.requests = requestStream;
    }

    private void send() {
      stub.publishStream(this);
      Pacer pacer = new Pacer(System.nanoTime(), rate);
      String prefix = "s" + index + "-";
      long tail = 0;
      try {
        while (!stopped && !ended) {
          if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            continue;
          }
          long at = pacer.awaitNext(System.nanoTime());
          PublishRequest request =
              PublishRequest.newBuilder()
                  .setStream(stream)
                  .setEvent(shape.event(prefix + tail, shape.randomSubject()))
                  .build();
          intended.set((int) (tail % capacity), at);
          tail++;
          sentCount = tail;
          measurement.sent(1);
          requests.onNext(request);
        }
        if (!ended) {
          requests.onCompleted();
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void onNext(PublishResponse response) {
      long now = System.nanoTime();
      long at = intended.get((int) (head++ % capacity));
      permits.release();
      measurement.result(response.getResult(), at, now, shape.dataSize());
    }

    @Override
    public void onError(Throwable failure) {
      end("PublishStream failed: " + Status.fromThrowable(failure));
    }

    @Override
    public void onCompleted() {
      end("PublishStream ended with events unanswered");
    }

    private void end(String reason) {
      ended = true;
      long sent = sentCount;
      for (; head < sent; head++) {
        measurement.failed(intended.get((int) (head % capacity)), reason);
      }
      permits.release(capacity);
    }

    void cancel() {
      ClientCallStreamObserver<PublishRequest> call = requests;
      if (call != null && !ended) {
        call.cancel("benchmark over", null);
      }
    }
  }
}
