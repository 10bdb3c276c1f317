package io.eventgateway.kafka.subscribe;

import io.eventgateway.core.domain.Delivery;
import io.eventgateway.core.port.out.EventSourceException;
import io.eventgateway.core.port.out.FeedListener;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** Records what a feed hands it; thread-safe, for assertions from the test thread. */
final class RecordingListener implements FeedListener {
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final AtomicReference<Optional<EventSourceException>> end = new AtomicReference<>();
  private final AtomicInteger ends = new AtomicInteger();
  private final Consumer<Delivery> onDelivery;

  RecordingListener() {
    this(delivery -> {});
  }

  /** A listener that also runs {@code onDelivery} for each delivery, after recording it. */
  RecordingListener(Consumer<Delivery> onDelivery) {
    this.onDelivery = onDelivery;
  }

  @Override
  public void onDelivery(Delivery delivery) {
    deliveries.add(delivery);
    onDelivery.accept(delivery);
  }

  @Override
  public void onEnd(Optional<EventSourceException> failure) {
    ends.incrementAndGet();
    end.set(failure);
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

  /** What the feed ended with; null while it has not ended. */
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
