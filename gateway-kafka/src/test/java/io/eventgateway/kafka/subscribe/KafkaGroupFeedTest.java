package io.eventgateway.kafka.subscribe;

import static io.eventgateway.kafka.subscribe.TestStreams.event;
import static io.eventgateway.kafka.subscribe.TestStreams.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventgateway.core.domain.Delivery;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.DeliverySubscription;
import io.eventgateway.core.port.out.FeedSpec;
import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Feeds in consumer groups on a real broker: sharing, handing over and committing partitions. */
class KafkaGroupFeedTest {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static TestStreams streams;
  private static KafkaEventSource source;
  private static Admin admin;
  private final List<DeliverySubscription> opened = new ArrayList<>();

  @BeforeAll
  static void start() {
    streams = new TestStreams(KAFKA.bootstrapServers());
    // members notice rebalances within a heartbeat; 6 s is the broker's smallest session timeout
    KafkaConnection connection =
        new KafkaConnection(
            KAFKA.bootstrapServers(),
            Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "200"));
    source =
        new KafkaEventSource(
            KafkaSubscriberSettings.defaults(connection)
                .withCommitInterval(Duration.ofMillis(100)));
    admin = KAFKA.newAdmin();
  }

  @AfterAll
  static void stop() {
    source.close();
    streams.close();
    admin.close();
  }

  @AfterEach
  void closeFeeds() {
    opened.forEach(DeliverySubscription::cancel);
  }

  private DeliverySubscription open(
      StreamDefinition stream, String group, boolean autoAck, RecordingSubscriber listener) {
    return open(stream, group, StartPosition.COMMITTED, autoAck, listener);
  }

  private DeliverySubscription open(
      StreamDefinition stream,
      String group,
      StartPosition start,
      boolean autoAck,
      RecordingSubscriber listener) {
    source.open(stream, new FeedSpec(Optional.of(group), start, autoAck, 1000), listener);
    DeliverySubscription feed = listener.subscription();
    opened.add(feed);
    return feed;
  }

  private static String group(String prefix) {
    return KafkaBrokerExtension.uniqueTopicName(prefix);
  }

  @Test
  void twoFeedsOfAGroupShareThePartitionsAndTheOtherTakesOverFromTheCommittedOffsets()
      throws Exception {
    StreamDefinition stream = stream(KAFKA.createTopic("shared", 4), 4);
    streams.fill(stream.name(), 4, 5, "e");
    String group = group("shared");
    RecordingSubscriber first = new RecordingSubscriber();
    RecordingSubscriber second = new RecordingSubscriber();
    DeliverySubscription firstFeed = open(stream, group, false, first);
    DeliverySubscription secondFeed = open(stream, group, true, second);
    Map<String, Set<Integer>> assignment = awaitStable(group, 2, 4);

    firstFeed.request(100);
    secondFeed.request(100);
    await().atMost(WAIT).until(() -> first.count() == 10 && second.count() == 10);

    Set<Integer> firstPartitions = partitionsOf(first.deliveries());
    Set<Integer> secondPartitions = partitionsOf(second.deliveries());
    assertThat(firstPartitions).hasSize(2).doesNotContainAnyElementsOf(secondPartitions);
    assertThat(union(firstPartitions, secondPartitions)).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(assignment.values()).containsExactlyInAnyOrder(firstPartitions, secondPartitions);
    for (int partition : firstPartitions) {
      assertThat(first.offsets(partition)).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    // the first acknowledges one partition fully and the other up to offset 1, then leaves
    List<Integer> handedOver = firstPartitions.stream().sorted().toList();
    int acked = handedOver.get(0);
    int halfAcked = handedOver.get(1);
    for (long offset = 0; offset < 5; offset++) {
      firstFeed.acknowledge(acked, offset);
    }
    firstFeed.acknowledge(halfAcked, 0);
    firstFeed.acknowledge(halfAcked, 1);
    firstFeed.cancel();
    await().atMost(WAIT).until(first::ended);
    assertThat(first.end()).isEmpty();
    assertThat(committed(group, stream.name()))
        .containsEntry(acked, 5L)
        .containsEntry(halfAcked, 2L);

    // the second takes over: the unacknowledged events come again, the acknowledged ones never
    await().atMost(WAIT).until(() -> second.offsets(halfAcked).size() == 3);
    streams.write(stream.name(), acked, event("after-handover"));
    await().atMost(WAIT).until(() -> second.offsets(acked).size() == 1);
    assertThat(second.offsets(halfAcked)).containsExactly(2L, 3L, 4L);
    assertThat(second.offsets(acked)).containsExactly(5L);
    // its own partitions were committed when they were revoked, so nothing came twice
    for (int partition : secondPartitions) {
      assertThat(second.offsets(partition)).containsExactly(0L, 1L, 2L, 3L, 4L);
    }
    assertThat(awaitStable(group, 1, 4).values()).containsExactly(Set.of(0, 1, 2, 3));
  }

  @Test
  void aReopenedFeedResumesAfterTheLastContiguousAcknowledgement() throws Exception {
    StreamDefinition stream = stream(KAFKA.createTopic("resume", 1), 1);
    streams.fill(stream.name(), 1, 10, "e");
    String group = group("resume");
    RecordingSubscriber first = new RecordingSubscriber();
    DeliverySubscription firstFeed = open(stream, group, false, first);
    firstFeed.request(10);
    await().atMost(WAIT).until(() -> first.count() == 10);

    for (long offset = 0; offset <= 4; offset++) {
      firstFeed.acknowledge(0, offset);
    }
    firstFeed.acknowledge(0, 6);
    firstFeed.cancel();
    await().atMost(WAIT).until(first::ended);
    assertThat(committed(group, stream.name())).isEqualTo(Map.of(0, 5L));

    RecordingSubscriber second = new RecordingSubscriber();
    open(stream, group, false, second).request(100);

    await().atMost(WAIT).until(() -> second.count() == 5);
    assertThat(second.offsets(0)).containsExactly(5L, 6L, 7L, 8L, 9L);
  }

  @Test
  void autoAcknowledgedDeliveriesAreCommittedWhileTheFeedRuns() throws Exception {
    StreamDefinition stream = stream(KAFKA.createTopic("auto", 2), 2);
    streams.fill(stream.name(), 2, 3, "e");
    String group = group("auto");
    RecordingSubscriber listener = new RecordingSubscriber();

    open(stream, group, true, listener).request(100);

    await().atMost(WAIT).until(() -> listener.count() == 6);
    await().atMost(WAIT).until(() -> committed(group, stream.name()).equals(Map.of(0, 3L, 1, 3L)));
  }

  @Test
  void differentGroupsEachGetEveryEvent() {
    StreamDefinition stream = stream(KAFKA.createTopic("groups", 2), 2);
    streams.fill(stream.name(), 2, 3, "e");
    RecordingSubscriber one = new RecordingSubscriber();
    RecordingSubscriber other = new RecordingSubscriber();

    open(stream, group("one"), true, one).request(100);
    open(stream, group("other"), true, other).request(100);

    await().atMost(WAIT).until(() -> one.count() == 6 && other.count() == 6);
    assertThat(ids(one.deliveries())).containsExactlyInAnyOrderElementsOf(ids(other.deliveries()));
    assertThat(new HashSet<>(ids(one.deliveries()))).hasSize(6);
  }

  @Test
  void latestStartsANewGroupAtTheEnd() throws Exception {
    StreamDefinition stream = stream(KAFKA.createTopic("group-latest", 1), 1);
    streams.fill(stream.name(), 1, 3, "before");
    String group = group("latest");
    RecordingSubscriber listener = new RecordingSubscriber();
    DeliverySubscription feed = open(stream, group, StartPosition.LATEST, true, listener);
    feed.request(100);

    // the end is taken when the partition is assigned, some time after open: write until the
    // feed delivers; nothing written before may come
    AtomicInteger written = new AtomicInteger();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              streams.write(stream.name(), 0, event("after-" + written.getAndIncrement()));
              return listener.count() > 0;
            });
    assertThat(ids(listener.deliveries())).allMatch(id -> id.startsWith("after-"));
  }

  @Test
  void aFeedWithoutAGroupCommitsNothing() throws Exception {
    StreamDefinition stream = stream(KAFKA.createTopic("no-group", 2), 2);
    streams.fill(stream.name(), 2, 3, "e");
    RecordingSubscriber listener = new RecordingSubscriber();
    source.open(
        stream, new FeedSpec(Optional.empty(), StartPosition.EARLIEST, false, 100), listener);
    DeliverySubscription feed = listener.subscription();
    feed.request(100);
    await().atMost(WAIT).until(() -> listener.count() == 6);
    for (Delivery delivery : listener.deliveries()) {
      feed.acknowledge(delivery.partition(), delivery.offset());
    }

    feed.cancel();
    await().atMost(WAIT).until(listener::ended);

    for (GroupListing listing :
        admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(10, TimeUnit.SECONDS)) {
      assertThat(committed(listing.groupId(), stream.name()))
          .as("offsets of group %s", listing.groupId())
          .isEmpty();
    }
  }

  /**
   * Waits until {@code group} is stable with {@code members} members that have {@code partitions}
   * partitions in all; returns each member's partitions by member id.
   */
  private static Map<String, Set<Integer>> awaitStable(String group, int members, int partitions) {
    Map<String, Set<Integer>> assignment = new HashMap<>();
    await()
        .atMost(WAIT)
        .ignoreExceptions() // the group is unknown until its first member joined
        .until(
            () -> {
              ConsumerGroupDescription description =
                  admin
                      .describeConsumerGroups(List.of(group))
                      .all()
                      .get(10, TimeUnit.SECONDS)
                      .get(group);
              assignment.clear();
              for (MemberDescription member : description.members()) {
                Set<Integer> owned = new HashSet<>();
                member.assignment().topicPartitions().forEach(p -> owned.add(p.partition()));
                assignment.put(member.consumerId(), owned);
              }
              return description.groupState() == GroupState.STABLE
                  && assignment.size() == members
                  && assignment.values().stream().mapToInt(Set::size).sum() == partitions;
            });
    return assignment;
  }

  private static Map<Integer, Long> committed(String group, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(10, TimeUnit.SECONDS);
    Map<Integer, Long> committed = new HashMap<>();
    offsets.forEach(
        (partition, offset) -> {
          if (partition.topic().equals(topic) && offset != null) {
            committed.put(partition.partition(), offset.offset());
          }
        });
    return committed;
  }

  private static Set<Integer> partitionsOf(List<Delivery> deliveries) {
    Set<Integer> partitions = new HashSet<>();
    deliveries.forEach(d -> partitions.add(d.partition()));
    return partitions;
  }

  private static Set<Integer> union(Set<Integer> one, Set<Integer> other) {
    Set<Integer> all = new HashSet<>(one);
    all.addAll(other);
    return all;
  }

  private static List<String> ids(List<Delivery> deliveries) {
    return deliveries.stream().map(d -> d.event().id()).toList();
  }
}
