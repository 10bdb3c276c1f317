package io.eventgateway.app.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgateway.core.domain.AckLedger;
import io.eventgateway.core.domain.Delivery;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.port.DeliverySubscription;
import io.eventgateway.core.port.in.SubscribeCommand;
import io.eventgateway.core.port.in.SubscribeUseCase;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The subscription meters over a registry, with a fake clock and a fake use case. */
class MeteredSubscribingTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicLong nanos = new AtomicLong();
  private final List<Flow.Subscriber<? super Delivery>> subscribers = new ArrayList<>();

  /** Hands each subscriber a subscription at once, as the core does. */
  private final SubscribeUseCase opening =
      (command, subscriber) -> {
        subscribers.add(subscriber);
        subscriber.onSubscribe(
            new DeliverySubscription() {
              @Override
              public void request(long deliveries) {}

              @Override
              public AckLedger.AckResult acknowledge(int partition, long offset) {
                return AckLedger.AckResult.IGNORED;
              }

              @Override
              public void allowBytes(long bytes) {}

              @Override
              public void cancel() {}
            });
      };

  private final MeteredSubscribing metered =
      new MeteredSubscribing(
          opening, registry, new GroupLabelLimits(2, Duration.ofSeconds(30)), nanos::get);

  private void subscribe(String group) {
    metered.subscribe(
        new SubscribeCommand("orders", Optional.of(group), new StartPosition.Latest(), true, 100),
        new Flow.Subscriber<Delivery>() {
          @Override
          public void onSubscribe(Flow.Subscription subscription) {}

          @Override
          public void onNext(Delivery item) {}

          @Override
          public void onError(Throwable throwable) {}

          @Override
          public void onComplete() {}
        });
  }

  private Set<String> groupsWith(String meter) {
    return registry.getMeters().stream()
        .filter(m -> m.getId().getName().equals(meter))
        .map(Meter::getId)
        .map(id -> id.getTag(MetricNames.GROUP))
        .collect(Collectors.toSet());
  }

  private double active(String group) {
    return registry
        .get(MetricNames.SUBSCRIPTIONS_ACTIVE)
        .tag(MetricNames.GROUP, group)
        .gauge()
        .value();
  }

  @Test
  void groupsBeyondTheCapAreCountedAsOtherAndIdleMetersAreRemoved() {
    subscribe("a");
    subscribe("b");
    subscribe("c");
    subscribe("d");

    assertThat(groupsWith(MetricNames.SUBSCRIPTIONS_ACTIVE))
        .containsExactlyInAnyOrder("a", "b", "(other)");
    assertThat(active("(other)")).isEqualTo(2);

    subscribers.forEach(Flow.Subscriber::onComplete);
    assertThat(active("a")).isZero();
    nanos.addAndGet(Duration.ofSeconds(30).toNanos());
    metered.expireIdle();

    assertThat(groupsWith(MetricNames.SUBSCRIPTIONS_ACTIVE)).isEmpty();
    assertThat(groupsWith(MetricNames.SUBSCRIBE_DELIVERIES)).isEmpty();
    assertThat(groupsWith(MetricNames.SUBSCRIBE_ACKNOWLEDGEMENTS)).isEmpty();
  }

  @Test
  void anErrorEndsTheSubscriptionForTheMetersToo() {
    subscribe("a");
    subscribers.get(0).onError(new IllegalStateException("gone"));
    subscribers.get(0).onComplete(); // a second end changes nothing

    assertThat(active("a")).isZero();
    nanos.addAndGet(Duration.ofSeconds(30).toNanos());
    metered.expireIdle();
    assertThat(groupsWith(MetricNames.SUBSCRIPTIONS_ACTIVE)).isEmpty();
  }
}
