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
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The subscribe use case, counted per stream and consumer group ({@code group=""} without one):
 * subscriptions open now, deliveries made and deliveries acknowledged. Only subscriptions the core
 * opened are counted, so the stream tag is always a declared stream. Group names are the
 * subscribers' choice, so their labels are bounded ({@link SubscriptionMeterBook}): beyond {@link
 * GroupLabelLimits#maxGroups()} groups share {@value GroupLabelLimits#OTHER}, and the meters of a
 * stream and group are removed once no subscription has used them for {@link
 * GroupLabelLimits#idleExpiry()} (counters then start again from zero, which Prometheus reads as a
 * reset). Thread-safe.
 */
public final class MeteredSubscribing implements SubscribeUseCase {
  private final SubscribeUseCase delegate;
  private final MeterRegistry registry;
  private final SubscriptionMeterBook<GroupMeters> book;

  MeteredSubscribing(
      SubscribeUseCase delegate,
      MeterRegistry registry,
      GroupLabelLimits limits,
      LongSupplier nanoTime) {
    this.delegate = delegate;
    this.registry = registry;
    this.book = new SubscriptionMeterBook<>(limits, nanoTime, this::register, this::remove);
  }

  @Override
  public void subscribe(SubscribeCommand command, Flow.Subscriber<? super Delivery> subscriber) {
    delegate.subscribe(
        command, new Counting(command.stream(), command.group().orElse(""), subscriber));
  }

  /** Removes the meters of streams and groups idle for longer than the expiry. */
  void expireIdle() {
    book.expireIdle();
  }

  private GroupMeters register(SubscriptionMeterBook.Key key) {
    Tags tags = Tags.of(MetricNames.STREAM, key.stream(), MetricNames.GROUP, key.group());
    AtomicInteger active = new AtomicInteger();
    return new GroupMeters(
        active,
        Gauge.builder(MetricNames.SUBSCRIPTIONS_ACTIVE, active, AtomicInteger::get)
            .description("Subscriptions open on this gateway")
            .tags(tags)
            .strongReference(true)
            .register(registry),
        Counter.builder(MetricNames.SUBSCRIBE_DELIVERIES)
            .description("Events delivered to subscribers")
            .tags(tags)
            .register(registry),
        Counter.builder(MetricNames.SUBSCRIBE_ACKNOWLEDGEMENTS)
            .description("Deliveries subscribers acknowledged")
            .tags(tags)
            .register(registry));
  }

  private void remove(GroupMeters meters) {
    registry.remove(meters.gauge());
    registry.remove(meters.deliveries());
    registry.remove(meters.acknowledgements());
  }

  private record GroupMeters(
      AtomicInteger active, Gauge gauge, Counter deliveries, Counter acknowledgements) {}

  /**
   * One subscription, counted: its meters are found when the core hands it over, which comes before
   * any delivery and before the end; deliveries and requests pass through unchanged.
   */
  private final class Counting implements Flow.Subscriber<Delivery>, DeliverySubscription {
    private final String stream;
    private final String groupName;
    private final Flow.Subscriber<? super Delivery> subscriber;
    private volatile DeliverySubscription subscription;
    private volatile GroupMeters group;
    private volatile SubscriptionMeterBook.Key key;
    private final AtomicBoolean ended = new AtomicBoolean();

    Counting(String stream, String groupName, Flow.Subscriber<? super Delivery> subscriber) {
      this.stream = stream;
      this.groupName = groupName;
      this.subscriber = subscriber;
    }

    @Override
    public void onSubscribe(Flow.Subscription opened) {
      subscription = (DeliverySubscription) opened;
      SubscriptionMeterBook.Opened<GroupMeters> found = book.open(stream, groupName);
      found.meters().active().incrementAndGet();
      key = found.key();
      group = found.meters();
      subscriber.onSubscribe(this);
    }

    @Override
    public void onNext(Delivery delivery) {
      group.deliveries().increment();
      subscriber.onNext(delivery);
    }

    @Override
    public void onError(Throwable failure) {
      ended();
      subscriber.onError(failure);
    }

    @Override
    public void onComplete() {
      ended();
      subscriber.onComplete();
    }

    private void ended() {
      if (key != null && ended.compareAndSet(false, true)) {
        group.active().decrementAndGet();
        book.close(key);
      }
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
