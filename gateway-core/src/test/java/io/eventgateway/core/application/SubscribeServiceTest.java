package io.eventgateway.core.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgateway.core.domain.AckLedger;
import io.eventgateway.core.domain.ConsumerGroupState;
import io.eventgateway.core.domain.Delivery;
import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.PartitionState;
import io.eventgateway.core.domain.Payload;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.domain.StreamClass;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.DeliverySubscription;
import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.core.port.in.RequestFailure.Kind;
import io.eventgateway.core.port.in.RequestRejectedException;
import io.eventgateway.core.port.in.SubscribeCommand;
import io.eventgateway.core.port.out.ClusterAdmin;
import io.eventgateway.core.port.out.ClusterAdminException;
import io.eventgateway.core.port.out.EventSource;
import io.eventgateway.core.port.out.EventSourceException;
import io.eventgateway.core.port.out.FeedSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class SubscribeServiceTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private static final StreamDefinition ORDERS =
      new StreamDefinition(
          "orders", StreamClass.EVENTS, 3, Durability.STANDARD, Duration.ofDays(7), (short) 1, 1);

  private final FakeSource source = new FakeSource();
  private final GroupsOnTheCluster cluster = new GroupsOnTheCluster();
  private final SubscribeService service =
      new SubscribeService(
          new StreamCatalog(List.of(ORDERS)), source, cluster, Clock.fixed(NOW, ZoneOffset.UTC));
  private final RecordingSubscriber subscriber = new RecordingSubscriber();

  private static SubscribeCommand command(String group, StartPosition start) {
    return new SubscribeCommand("orders", Optional.ofNullable(group), start, false, 0);
  }

  @Test
  void aGroupStartsFromItsCommittedOffsetsAndALoneReaderFromTheEnd() {
    service.subscribe(command("billing", null), subscriber);
    service.subscribe(command(null, null), subscriber);

    assertThat(source.opened)
        .extracting(FeedSpec::start)
        .containsExactly(StartPosition.COMMITTED, StartPosition.LATEST);
    assertThat(source.opened.get(0).group()).contains("billing");
    assertThat(source.opened.get(1).group()).isEmpty();
    assertThat(source.opened)
        .allSatisfy(
            spec ->
                assertThat(spec.maxUnacknowledged())
                    .isEqualTo(SubscribeService.DEFAULT_MAX_UNACKNOWLEDGED));
  }

  @Test
  void anEmptyGroupNameMeansNoGroup() {
    service.subscribe(command("", StartPosition.EARLIEST), subscriber);
    assertThat(source.opened.get(0).group()).isEmpty();
  }

  @Test
  void refusesWhatCannotBeServedNamingTheField() {
    assertRejected(
        new SubscribeCommand("nope", Optional.empty(), null, false, 0),
        Kind.UNKNOWN_STREAM,
        "stream");
    assertRejected(
        new SubscribeCommand("__consumer_offsets", Optional.empty(), null, false, 0),
        Kind.INVALID_ARGUMENT,
        "stream");
    assertRejected(command("bad group!", null), Kind.INVALID_ARGUMENT, "group");
    assertRejected(command("__internal", null), Kind.INVALID_ARGUMENT, "group");
    assertRejected(
        command("billing", new StartPosition.AtOffsets(Map.of(0, 5L))),
        Kind.INVALID_ARGUMENT,
        "start_from");
    assertRejected(
        command("billing", new StartPosition.AtTime(NOW.minusSeconds(60))),
        Kind.INVALID_ARGUMENT,
        "start_from");
    assertRejected(command(null, StartPosition.COMMITTED), Kind.INVALID_ARGUMENT, "start_from");
    assertRejected(
        command(null, new StartPosition.AtOffsets(Map.of())),
        Kind.INVALID_ARGUMENT,
        "start_offsets");
    assertRejected(
        command(null, new StartPosition.AtOffsets(Map.of(3, 0L))),
        Kind.OUT_OF_RANGE,
        "start_offsets[3]");
    assertRejected(
        command(null, new StartPosition.AtOffsets(Map.of(1, -2L))),
        Kind.OUT_OF_RANGE,
        "start_offsets[1]");
    assertRejected(
        command(null, new StartPosition.AtTime(NOW.plusSeconds(1))),
        Kind.OUT_OF_RANGE,
        "start_time");
    assertRejected(
        new SubscribeCommand("orders", Optional.empty(), null, false, 10_001),
        Kind.INVALID_ARGUMENT,
        "max_unacknowledged");
    assertRejected(
        new SubscribeCommand("orders", Optional.empty(), null, false, -1),
        Kind.INVALID_ARGUMENT,
        "max_unacknowledged");
    assertThat(source.opened).as("nothing reached the log").isEmpty();
  }

  private void assertRejected(SubscribeCommand command, Kind kind, String field) {
    assertThatThrownBy(() -> service.subscribe(command, subscriber))
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e -> {
              assertThat(e.failure().kind()).isEqualTo(kind);
              assertThat(e.failure().field()).isEqualTo(field);
            });
  }

  @Test
  void aGroupThatReadsAnotherStreamIsRefusedAndOneThatReadsThisStreamIsNot() {
    cluster.streams.put("billing", Set.of("payments", "orders"));
    cluster.streams.put("shipping", Set.of("orders"));

    assertThatThrownBy(() -> service.subscribe(command("billing", null), subscriber))
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e -> {
              assertThat(e.failure().kind()).isEqualTo(Kind.FAILED_PRECONDITION);
              assertThat(e.failure().field()).isEqualTo("group");
              assertThat(e.failure().description())
                  .startsWith("'billing' belongs to stream 'payments'");
            });
    assertThat(source.opened).isEmpty();

    service.subscribe(command("shipping", null), subscriber);
    service.subscribe(command("new-group", null), subscriber);
    assertThat(source.opened).hasSize(2);
  }

  @Test
  void aClusterThatCannotSayWhichStreamsAGroupReadsRefusesTheSubscriptionAsUnavailable() {
    cluster.failure =
        new ClusterAdminException(ClusterAdminException.Kind.UNAVAILABLE, "Kafka did not answer");

    assertThatThrownBy(() -> service.subscribe(command("billing", null), subscriber))
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e -> assertThat(e.failure().kind()).isEqualTo(Kind.UNAVAILABLE));
    service.subscribe(command(null, null), subscriber);
    assertThat(source.opened).hasSize(1);
  }

  @Test
  void theSourcesRefusalsBecomeStatuses() {
    source.refusal = new EventSourceException(EventSourceException.Kind.OUT_OF_RANGE, "offset 99");
    assertRejected(command(null, StartPosition.EARLIEST), Kind.OUT_OF_RANGE, "");
    source.refusal = new EventSourceException(EventSourceException.Kind.UNAVAILABLE, "down");
    assertRejected(command(null, StartPosition.EARLIEST), Kind.UNAVAILABLE, "");
    assertThat(service.openSubscriptions()).isZero();
  }

  @Test
  void passesDeliveriesRequestsAndAcknowledgementsThrough() {
    service.subscribe(command("billing", null), subscriber);
    DeliverySubscription subscription = subscriber.subscription;
    FakeFeed feed = source.feeds.get(0);

    subscription.request(7);
    assertThat(feed.requested).isEqualTo(7);
    subscription.allowBytes(4096);
    assertThat(feed.allowedBytes).isEqualTo(4096);

    feed.deliver(1, 0);
    assertThat(subscriber.deliveries).hasSize(1);
    subscription.acknowledge(1, 0);
    assertThat(feed.ledger.takeCommits()).isEqualTo(Map.of(1, 1L));

    assertThatThrownBy(() -> subscription.acknowledge(1, 5))
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e -> {
              assertThat(e.failure().kind()).isEqualTo(Kind.INVALID_ARGUMENT);
              assertThat(e.failure().field()).isEqualTo("offset");
              assertThat(e.failure().description()).contains("partition 1 offset 5");
            });
  }

  @Test
  void aFeedFailureEndsTheSubscriptionWithItsStatus() {
    service.subscribe(command("billing", null), subscriber);
    source
        .feeds
        .get(0)
        .subscriber
        .onError(new EventSourceException(EventSourceException.Kind.UNAVAILABLE, "gone"));

    assertThat(subscriber.ends).hasSize(1);
    assertThat(subscriber.ends.get(0)).map(RequestFailure::kind).contains(Kind.UNAVAILABLE);
    assertThat(service.openSubscriptions()).isZero();
  }

  @Test
  void stoppingEndsOpenSubscriptionsAndRefusesNewOnes() {
    service.subscribe(command("billing", null), subscriber);
    service.subscribe(command(null, null), subscriber);

    service.stopAccepting();

    assertThat(source.feeds).allSatisfy(feed -> assertThat(feed.closed).isTrue());
    assertThat(subscriber.ends).hasSize(2).allSatisfy(end -> assertThat(end).isEmpty());
    assertThat(service.openSubscriptions()).isZero();
    assertRejected(command(null, null), Kind.SHUTTING_DOWN, "");
  }

  /** Which streams each group reads; only {@link #streamsOf} is asked by the service. */
  private static final class GroupsOnTheCluster implements ClusterAdmin {
    final Map<String, Set<String>> streams = new HashMap<>();
    ClusterAdminException failure;

    @Override
    public Set<String> streamsOf(String group) {
      if (failure != null) {
        throw failure;
      }
      return streams.getOrDefault(group, Set.of());
    }

    @Override
    public List<PartitionState> partitions(String stream) {
      throw new UnsupportedOperationException("not asked when subscribing");
    }

    @Override
    public ConsumerGroupState group(String group, String stream) {
      throw new UnsupportedOperationException("not asked when subscribing");
    }

    @Override
    public Map<Integer, Long> resetGroup(String group, String stream, StartPosition target) {
      throw new UnsupportedOperationException("not asked when subscribing");
    }
  }

  /** Records what was opened; its feeds deliver what a test tells them to. */
  private static final class FakeSource implements EventSource {
    final List<FeedSpec> opened = new ArrayList<>();
    final List<FakeFeed> feeds = new ArrayList<>();
    EventSourceException refusal;

    @Override
    public void open(
        StreamDefinition stream, FeedSpec spec, Flow.Subscriber<? super Delivery> subscriber) {
      if (refusal != null) {
        throw refusal;
      }
      opened.add(spec);
      FakeFeed feed = new FakeFeed(stream, subscriber);
      feeds.add(feed);
      subscriber.onSubscribe(feed);
    }
  }

  private static final class FakeFeed implements DeliverySubscription {
    final StreamDefinition stream;
    final Flow.Subscriber<? super Delivery> subscriber;
    final AckLedger ledger = new AckLedger();
    long requested;
    long allowedBytes;
    boolean closed;

    FakeFeed(StreamDefinition stream, Flow.Subscriber<? super Delivery> subscriber) {
      this.stream = stream;
      this.subscriber = subscriber;
    }

    void deliver(int partition, long offset) {
      ledger.delivered(partition, offset);
      subscriber.onNext(
          new Delivery(
              new Event("e" + offset, "/test", "t", "s", NOW, "", Payload.empty(), Map.of()),
              stream.name(),
              partition,
              offset,
              NOW));
    }

    @Override
    public void request(long deliveries) {
      requested += deliveries;
    }

    @Override
    public void allowBytes(long bytes) {
      allowedBytes = bytes;
    }

    @Override
    public AckLedger.AckResult acknowledge(int partition, long offset) {
      return ledger.acknowledge(partition, offset);
    }

    @Override
    public void cancel() {
      if (!closed) {
        closed = true;
        subscriber.onComplete();
      }
    }
  }

  /** Records its subscription, its deliveries and how it ended: empty when it completed. */
  private static final class RecordingSubscriber implements Flow.Subscriber<Delivery> {
    final List<Delivery> deliveries = new ArrayList<>();
    final List<Optional<RequestFailure>> ends = new ArrayList<>();
    DeliverySubscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = (DeliverySubscription) subscription;
    }

    @Override
    public void onNext(Delivery delivery) {
      deliveries.add(delivery);
    }

    @Override
    public void onError(Throwable failure) {
      ends.add(Optional.of(((RequestRejectedException) failure).failure()));
    }

    @Override
    public void onComplete() {
      ends.add(Optional.empty());
    }
  }
}
