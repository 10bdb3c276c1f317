package io.eventgateway.app.observe;

import io.eventgateway.core.domain.AckLedger;
import io.eventgateway.core.domain.Delivery;
import io.eventgateway.core.port.DeliverySubscription;
import io.eventgateway.core.port.in.SubscribeCommand;
import io.eventgateway.core.port.in.SubscribeUseCase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The subscribe use case, counted per stream and consumer group ({@code group=""} without one):
 * subscriptions open now, deliveries made and deliveries acknowledged. Only subscriptions the core
 * opened are counted, so the stream tag is always a declared stream. Thread-safe.
 */
public final class MeteredSubscribing implements SubscribeUseCase {
  private final SubscribeUseCase delegate;
  private final MeterRegistry registry;
  private final Map<Key, GroupMeters> meters = new ConcurrentHashMap<>();

  MeteredSubscribing(SubscribeUseCase delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.registry = registry;
  }

  @Override
  public void subscribe(SubscribeCommand command, Flow.Subscriber<? super Delivery> subscriber) {
    Key key = new Key(command.stream(), command.group().orElse(""));
    delegate.subscribe(command, new Counting(key, subscriber));
  }

  private GroupMeters register(Key key) {
    Tags tags = Tags.of(MetricNames.STREAM, key.stream(), MetricNames.GROUP, key.group());
    AtomicInteger active = new AtomicInteger();
    Gauge.builder(MetricNames.SUBSCRIPTIONS_ACTIVE, active, AtomicInteger::get)
        .description("Subscriptions open on this gateway")
        .tags(tags)
        .strongReference(true)
        .register(registry);
    return new GroupMeters(
        active,
        Counter.builder(MetricNames.SUBSCRIBE_DELIVERIES)
            .description("Events delivered to subscribers")
            .tags(tags)
            .register(registry),
        Counter.builder(MetricNames.SUBSCRIBE_ACKNOWLEDGEMENTS)
            .description("Deliveries subscribers acknowledged")
            .tags(tags)
            .register(registry));
  }

  private record Key(String stream, String group) {}

  private record GroupMeters(AtomicInteger active, Counter deliveries, Counter acknowledgements) {}

  /**
   * One subscription, counted: its meters are found when the core hands it over, which comes before
   * any delivery and before the end; deliveries and requests pass through unchanged.
   */
  private final class Counting implements Flow.Subscriber<Delivery>, DeliverySubscription {
    private final Key key;
    private final Flow.Subscriber<? super Delivery> subscriber;
    private volatile DeliverySubscription subscription;
    private volatile GroupMeters group;

    Counting(Key key, Flow.Subscriber<? super Delivery> subscriber) {
      this.key = key;
      this.subscriber = subscriber;
    }

    @Override
    public void onSubscribe(Flow.Subscription opened) {
      subscription = (DeliverySubscription) opened;
      GroupMeters found = meters.computeIfAbsent(key, MeteredSubscribing.this::register);
      found.active().incrementAndGet();
      group = found;
      subscriber.onSubscribe(this);
    }

    @Override
    public void onNext(Delivery delivery) {
      group.deliveries().increment();
      subscriber.onNext(delivery);
    }

    @Override
    public void onError(Throwable failure) {
      group.active().decrementAndGet();
      subscriber.onError(failure);
    }

    @Override
    public void onComplete() {
      group.active().decrementAndGet();
      subscriber.onComplete();
    }

    @Override
    public void request(long deliveries) {
      subscription.request(deliveries);
    }

    @Override
    public void allowBytes(long bytes) {
      subscription.allowBytes(bytes);
    }

    @Override
    public AckLedger.AckResult acknowledge(int partition, long offset) {
      AckLedger.AckResult result = subscription.acknowledge(partition, offset);
      group.acknowledgements().increment();
      return result;
    }

    @Override
    public void cancel() {
      subscription.cancel();
    }
  }
}
