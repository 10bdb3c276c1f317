package io.eventgateway.app.observe;

import io.eventgateway.core.domain.Delivery;
import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.core.port.in.SubscribeCommand;
import io.eventgateway.core.port.in.SubscribeUseCase;
import io.eventgateway.core.port.in.Subscriber;
import io.eventgateway.core.port.in.Subscription;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
  public Subscription subscribe(SubscribeCommand command, Subscriber subscriber) {
    Key key = new Key(command.stream(), command.group().orElse(""));
    CountingSubscriber counting = new CountingSubscriber(subscriber);
    Subscription subscription = delegate.subscribe(command, counting);
    GroupMeters group = meters.computeIfAbsent(key, this::register);
    counting.opened(group);
    return new CountingSubscription(subscription, group);
  }

  private GroupMeters register(Key key) {
    Tags tags = Tags.of(GatewayMetrics.STREAM, key.stream(), GatewayMetrics.GROUP, key.group());
    AtomicInteger active = new AtomicInteger();
    Gauge.builder(GatewayMetrics.SUBSCRIPTIONS_ACTIVE, active, AtomicInteger::get)
        .description("Subscriptions open on this gateway")
        .tags(tags)
        .strongReference(true)
        .register(registry);
    return new GroupMeters(
        active,
        Counter.builder(GatewayMetrics.SUBSCRIBE_DELIVERIES)
            .description("Events delivered to subscribers")
            .tags(tags)
            .register(registry),
        Counter.builder(GatewayMetrics.SUBSCRIBE_ACKNOWLEDGEMENTS)
            .description("Deliveries subscribers acknowledged")
            .tags(tags)
            .register(registry));
  }

  private record Key(String stream, String group) {}

  private record GroupMeters(AtomicInteger active, Counter deliveries, Counter acknowledgements) {}

  /**
   * Counts deliveries once the subscription is open. The core may end a subscription before {@code
   * subscribe} returns; the end is then counted when the subscription is opened.
   */
  private static final class CountingSubscriber implements Subscriber {
    private final Subscriber delegate;
    private volatile GroupMeters group;
    private boolean ended;

    CountingSubscriber(Subscriber delegate) {
      this.delegate = delegate;
    }

    synchronized void opened(GroupMeters meters) {
      group = meters;
      if (!ended) {
        meters.active().incrementAndGet();
      }
    }

    @Override
    public void onDelivery(Delivery delivery) {
      GroupMeters meters = group;
      if (meters != null) {
        meters.deliveries().increment();
      }
      delegate.onDelivery(delivery);
    }

    @Override
    public void onEnd(Optional<RequestFailure> failure) {
      synchronized (this) {
        if (!ended && group != null) {
          group.active().decrementAndGet();
        }
        ended = true;
      }
      delegate.onEnd(failure);
    }
  }

  private record CountingSubscription(Subscription delegate, GroupMeters group)
      implements Subscription {
    @Override
    public void request(long deliveries) {
      delegate.request(deliveries);
    }

    @Override
    public void acknowledge(int partition, long offset) {
      delegate.acknowledge(partition, offset);
      group.acknowledgements().increment();
    }

    @Override
    public void cancel() {
      delegate.cancel();
    }
  }
}
