package io.eventgateway.kafka.subscribe;

import io.eventgateway.core.domain.Delivery;
import io.eventgateway.core.port.DeliverySubscription;
import io.eventgateway.core.port.out.EventSourceException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** Records what a feed hands it; thread-safe, for assertions from the test thread. */
final class RecordingSubscriber implements Flow.Subscriber<Delivery> {
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final AtomicReference<DeliverySubscription> subscription = new AtomicReference<>();
  private final AtomicReference<Optional<EventSourceException>> end = new AtomicReference<>();
  private final AtomicInteger ends = new AtomicInteger();
  private final Consumer<Delivery> onDelivery;

  RecordingSubscriber() {
    this(delivery -> {});
  }

  /** A subscriber that also runs {@code onDelivery} for each delivery, after recording it. */
  RecordingSubscriber(Consumer<Delivery> onDelivery) {
    this.onDelivery = onDelivery;
  }

  @Override
  public void onSubscribe(Flow.Subscription handed) {
    if (!subscription.compareAndSet(null, (DeliverySubscription) handed)) {
      throw new IllegalStateException("onSubscribe called twice");
    }
  }

  @Override
  public void onNext(Delivery delivery) {
    deliveries.add(delivery);
    onDelivery.accept(delivery);
  }

  @Override
  public void onError(Throwable failure) {
    ends.incrementAndGet();
    end.set(Optional.of((EventSourceException) failure));
  }

  @Override
  public void onComplete() {
    ends.incrementAndGet();
    end.set(Optional.empty());
  }

  /** The subscription the feed handed over; it does so before {@code open} returns. */
  DeliverySubscription subscription() {
    DeliverySubscription handed = subscription.get();
    if (handed == null) {
      throw new IllegalStateException("the feed handed over no subscription");
    }
    return handed;
  }

  List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  int count() {
    return deliveries.size();
  }

  /** The deliveries of {@code partition}, in delivery order. */
  List<Delivery> of(int partition) {
    return deliveries.stream().filter(d -> d.partition() == partition).toList();
  }

  /** The offsets delivered from {@code partition}, in delivery order. */
  List<Long> offsets(int partition) {
    return of(partition).stream().map(Delivery::offset).toList();
  }

  /** What the feed ended with: empty when it completed; null while it has not ended. */
  Optional<EventSourceException> end() {
    return end.get();
  }

  boolean ended() {
    return end.get() != null;
  }

  int endCalls() {
    return ends.get();
  }
}
