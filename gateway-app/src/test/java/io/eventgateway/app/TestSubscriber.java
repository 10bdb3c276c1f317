package io.eventgateway.app;

import io.eventgateway.api.v1.Acknowledgement;
import io.eventgateway.api.v1.Delivery;
import io.eventgateway.api.v1.DeliveryPosition;
import io.eventgateway.api.v1.SubscribeRequest;
import io.eventgateway.api.v1.SubscriberServiceGrpc;
import io.eventgateway.api.v1.Subscription;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A Subscribe call as a test drives it: what it received, acks on demand, its end. */
final class TestSubscriber implements ClientResponseObserver<SubscribeRequest, Delivery> {
  final List<Delivery> received = Collections.synchronizedList(new ArrayList<>());
  final CompletableFuture<Status> ended = new CompletableFuture<>();

  /** The ids of the events this subscriber acknowledged (before it left). */
  final Set<String> acked = ConcurrentHashMap.newKeySet();

  private boolean halfClosed;
  private final boolean ackEach;
  private final Predicate<Delivery> ackOnly;
  private ClientCallStreamObserver<SubscribeRequest> requests;

  private TestSubscriber(boolean ackEach, Predicate<Delivery> ackOnly) {
    this.ackEach = ackEach;
    this.ackOnly = ackOnly;
  }

  /** Subscribes; acknowledges each delivery that {@code ackOnly} accepts as soon as it comes. */
  static TestSubscriber subscribe(
      Channel channel, Subscription subscription, Predicate<Delivery> ackOnly) {
    TestSubscriber subscriber = new TestSubscriber(true, ackOnly);
    subscriber.start(channel, subscription);
    return subscriber;
  }

  /** Subscribes without acknowledging anything by itself. */
  static TestSubscriber subscribe(Channel channel, Subscription subscription) {
    TestSubscriber subscriber = new TestSubscriber(false, d -> false);
    subscriber.start(channel, subscription);
    return subscriber;
  }

  /** Opens the call; sends {@code subscription} first only when {@code sendSubscription}. */
  static TestSubscriber subscribe(
      Channel channel,
      Subscription subscription,
      Predicate<Delivery> ackOnly,
      boolean sendSubscription) {
    TestSubscriber subscriber = new TestSubscriber(true, ackOnly);
    SubscriberServiceGrpc.newStub(channel).subscribe(subscriber);
    if (sendSubscription) {
      subscriber.send(SubscribeRequest.newBuilder().setSubscribe(subscription).build());
    }
    return subscriber;
  }

  private void start(Channel channel, Subscription subscription) {
    SubscriberServiceGrpc.newStub(channel).subscribe(this);
    send(SubscribeRequest.newBuilder().setSubscribe(subscription).build());
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
    this.requests = requestStream;
  }

  /** Sends {@code request}; nothing once the call was half-closed. Whether it was sent. */
  synchronized boolean send(SubscribeRequest request) {
    if (halfClosed) {
      return false;
    }
    requests.onNext(request);
    return true;
  }

  boolean ack(int partition, long offset) {
    return send(
        SubscribeRequest.newBuilder()
            .setAck(
                Acknowledgement.newBuilder()
                    .addPositions(
                        DeliveryPosition.newBuilder().setPartition(partition).setOffset(offset)))
            .build());
  }

  /** Half-closes and waits for the gateway to end the call (it commits the acks first). */
  Status leave() {
    synchronized (this) {
      halfClosed = true;
      requests.onCompleted();
    }
    return awaitEnd();
  }

  Status awaitEnd() {
    try {
      return ended.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the Subscribe call did not end", e);
    }
  }

  /** Waits until at least {@code count} deliveries came. */
  TestSubscriber awaitReceived(int count) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> received.size() >= count || ended.isDone());
    if (received.size() < count) {
      throw new AssertionError(
          "received " + received.size() + " of " + count + "; the call ended: " + ended.join());
    }
    return this;
  }

  List<Delivery> snapshot() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  @Override
  public void onNext(Delivery delivery) {
    received.add(delivery);
    if (ackEach && ackOnly.test(delivery) && ack(delivery.getPartition(), delivery.getOffset())) {
      acked.add(delivery.getEvent().getId());
    }
  }

  @Override
  public void onError(Throwable t) {
    ended.complete(t instanceof StatusRuntimeException e ? e.getStatus() : Status.fromThrowable(t));
  }

  @Override
  public void onCompleted() {
    ended.complete(Status.OK);
  }
}
