package io.eventgateway.kafka.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.eventgateway.core.port.out.monitor.ControllerQuorum;
import io.eventgateway.core.port.out.monitor.GroupLag;
import io.eventgateway.core.port.out.monitor.GroupPartitionLag;
import io.eventgateway.core.port.out.monitor.LogDirUsage;
import io.eventgateway.core.port.out.monitor.PartitionEndOffset;
import io.eventgateway.core.port.out.monitor.TopicHealth;
import io.eventgateway.kafka.monitor.TimeLagReader.PartitionOffset;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.MemberAssignment;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.Test;

/**
 * The admin client's answers, built by hand as a broker would send them, turned into the
 * observation's records: no broker involved.
 */
class ObservationAssemblerTest {
  private static final Node ONE = new Node(1, "one", 9092);
  private static final Node TWO = new Node(2, "two", 9092);
  private static final Node THREE = new Node(3, "three", 9092);

  @Test
  void aTopicsPartitionsCountAsUnderReplicatedOfflineAndUnderMinIsrByTheirIsr() {
    TopicDescription topic =
        topic(
            "orders",
            partition(0, ONE, List.of(ONE, TWO, THREE), List.of(ONE, TWO, THREE)),
            partition(1, ONE, List.of(ONE, TWO, THREE), List.of(ONE, TWO)),
            partition(2, ONE, List.of(ONE, TWO, THREE), List.of(ONE)),
            partition(3, null, List.of(ONE, TWO, THREE), List.of()),
            partition(4, Node.noNode(), List.of(ONE, TWO, THREE), List.of()));

    TopicHealth health = ObservationAssembler.topicHealth(topic, OptionalInt.of(2));

    assertThat(health).isEqualTo(new TopicHealth("orders", 5, OptionalInt.of(2), 4, 2, 3));
  }

  @Test
  void withoutAKnownMinIsrNoPartitionIsUnderIt() {
    TopicDescription topic = topic("orders", partition(0, ONE, List.of(ONE, TWO), List.of(ONE)));

    TopicHealth health = ObservationAssembler.topicHealth(topic, OptionalInt.empty());

    assertThat(health.minInSyncReplicas()).isEmpty();
    assertThat(health.underReplicated()).isEqualTo(1);
    assertThat(health.underMinIsr()).isZero();
  }

  @Test
  void aLogDirSumsItsReplicasAndSaysWhyItCannotBeUsed() {
    Map<TopicPartition, ReplicaInfo> replicas = new HashMap<>();
    replicas.put(new TopicPartition("orders", 0), new ReplicaInfo(1_000, 0, false));
    replicas.put(new TopicPartition("orders", 1), new ReplicaInfo(234, 0, false));
    Map<String, LogDirDescription> brokerOne = new LinkedHashMap<>();
    brokerOne.put("/data/a", new LogDirDescription(null, replicas, 10_000, 4_000));
    brokerOne.put(
        "/data/b", new LogDirDescription(new KafkaStorageException("disk gone"), Map.of(), -1, -1));

    List<LogDirUsage> usage = ObservationAssembler.logDirUsage(Map.of(1, brokerOne));

    assertThat(usage)
        .containsExactly(
            new LogDirUsage(
                1,
                "/data/a",
                1_234,
                OptionalLong.of(10_000),
                OptionalLong.of(4_000),
                Optional.empty()),
            new LogDirUsage(
                1,
                "/data/b",
                0,
                OptionalLong.empty(),
                OptionalLong.empty(),
                Optional.of("KafkaStorageException: disk gone")));
  }

  @Test
  void aQuorumReplicaWithoutALogEndOffsetOrTimestampsHasNone() {
    ControllerQuorum.Replica unknown =
        ObservationAssembler.replica(3, -1, 500, OptionalLong.of(-1), OptionalLong.empty());
    ControllerQuorum.Replica known =
        ObservationAssembler.replica(1, 480, 500, OptionalLong.of(1_000), OptionalLong.of(2_000));

    assertThat(unknown.logEndOffset()).isEmpty();
    assertThat(unknown.lag()).isEmpty();
    assertThat(unknown.lastCaughtUp()).isEmpty();
    assertThat(unknown.lastFetch()).isEmpty();
    assertThat(known.logEndOffset()).hasValue(480);
    assertThat(known.lag()).hasValue(20);
    assertThat(known.lastCaughtUp()).contains(Instant.ofEpochMilli(1_000));
    assertThat(known.lastFetch()).contains(Instant.ofEpochMilli(2_000));
  }

  @Test
  void expectedBrokersAreTheRegisteredTheReplicasAndTheVotersOnceSeenAsBrokers() {
    TopicDescription topic =
        topic("orders", partition(0, ONE, List.of(ONE, TWO, THREE), List.of(ONE)));
    ControllerQuorum quorum =
        new ControllerQuorum(
            OptionalInt.of(1), 7, 500, List.of(voter(1), voter(4), voter(5)), List.of());

    Set<Integer> expected =
        ObservationAssembler.expectedBrokers(
            Set.of(1, 6), Set.of(1), List.of(topic), Optional.of(quorum), Set.of(1, 4, 6));

    // 6 registered (fenced), 2 and 3 hold replicas, 4 a voter seen as a broker; 5 never was one
    assertThat(expected).containsExactly(1, 2, 3, 4, 6);
  }

  @Test
  void endOffsetsAreAskedForEveryPartitionOfADescribedTopicAGroupCommittedOn() {
    Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
        Map.of(
            "g",
            Map.of(
                new TopicPartition("orders", 0), new OffsetAndMetadata(4),
                new TopicPartition("__consumer_offsets", 3), new OffsetAndMetadata(1),
                new TopicPartition("gone", 0), new OffsetAndMetadata(1)));
    Map<String, TopicDescription> topics =
        Map.of(
            "orders",
            topic(
                "orders",
                partition(0, ONE, List.of(ONE), List.of(ONE)),
                partition(1, ONE, List.of(ONE), List.of(ONE))));

    assertThat(ObservationAssembler.endOffsetQuery(committed, topics, Optional.empty()))
        .containsExactlyInAnyOrder(
            new TopicPartition("orders", 0), new TopicPartition("orders", 1));
    // no topic described: the committed partitions of the listed topics, of all when not listed
    assertThat(
            ObservationAssembler.endOffsetQuery(committed, Map.of(), Optional.of(Set.of("orders"))))
        .containsExactly(new TopicPartition("orders", 0));
    assertThat(ObservationAssembler.endOffsetQuery(committed, Map.of(), Optional.empty()))
        .containsExactlyInAnyOrder(new TopicPartition("orders", 0), new TopicPartition("gone", 0));
  }

  @Test
  void laggingOffsetsAreDistinctAndTheLargestLagComesFirst() {
    TopicPartition a = new TopicPartition("a", 0);
    TopicPartition b = new TopicPartition("b", 0);
    Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
    committed.put("g1", Map.of(a, new OffsetAndMetadata(90), b, new OffsetAndMetadata(10)));
    committed.put("g2", Map.of(a, new OffsetAndMetadata(90)));
    committed.put("g3", Map.of(a, new OffsetAndMetadata(100)));
    Map<TopicPartition, OffsetAndMetadata> withANull = new HashMap<>();
    withANull.put(b, null);
    committed.put("g4", withANull);
    committed.put("g5", Map.of(new TopicPartition("unknown-end", 0), new OffsetAndMetadata(0)));

    List<PartitionOffset> lagging =
        ObservationAssembler.laggingOffsets(committed, Map.of(a, 100L, b, 15L));

    assertThat(lagging).containsExactly(new PartitionOffset(a, 90), new PartitionOffset(b, 10));
  }

  @Test
  void aGroupsLagHasItsPartitionsInOrderWithoutInternalTopicsOrUnknownEnds() {
    TopicPartition first = new TopicPartition("orders", 0);
    TopicPartition second = new TopicPartition("orders", 1);
    Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    committed.put(second, new OffsetAndMetadata(3));
    committed.put(first, new OffsetAndMetadata(4));
    committed.put(new TopicPartition("__internal", 0), new OffsetAndMetadata(0));
    committed.put(new TopicPartition("no-end", 0), new OffsetAndMetadata(0));
    committed.put(new TopicPartition("orders", 2), null);
    Map<TopicPartition, Long> ends =
        Map.of(first, 10L, second, 3L, new TopicPartition("__internal", 0), 5L);
    Duration timeLag = Duration.ofSeconds(42);

    GroupLag lag =
        ObservationAssembler.groupLag(
            listing("g", GroupType.CLASSIC, GroupState.EMPTY),
            null,
            committed,
            ends,
            Map.of(new PartitionOffset(first, 4), timeLag));

    assertThat(lag.groupId()).isEqualTo("g");
    assertThat(lag.type()).isEqualTo("CLASSIC");
    assertThat(lag.state()).isEqualTo("EMPTY");
    assertThat(lag.members()).isEmpty();
    assertThat(lag.partitions())
        .extracting(
            GroupPartitionLag::topic,
            GroupPartitionLag::partition,
            GroupPartitionLag::lag,
            GroupPartitionLag::timeLag)
        .containsExactly(
            tuple("orders", 0, 6L, Optional.of(timeLag)),
            tuple("orders", 1, 0L, Optional.of(Duration.ZERO)));
  }

  @Test
  void aDescribedGroupTakesItsStateAndMembersFromTheDescription() {
    GroupLag lag =
        ObservationAssembler.groupLag(
            listing("g", GroupType.CONSUMER, GroupState.EMPTY),
            described("g", GroupState.STABLE, 2),
            null,
            Map.of(),
            Map.of());

    assertThat(lag.type()).isEqualTo("CONSUMER");
    assertThat(lag.state()).isEqualTo("STABLE");
    assertThat(lag.members()).isEqualTo(OptionalInt.of(2));
    assertThat(lag.partitions()).isEmpty();
  }

  @Test
  void aGroupListedWithoutTypeOrStateIsUnknown() {
    GroupLag lag =
        ObservationAssembler.groupLag(
            new GroupListing("g", Optional.empty(), "", Optional.empty()),
            null,
            Map.of(),
            Map.of(),
            Map.of());

    assertThat(lag.type()).isEqualTo("UNKNOWN");
    assertThat(lag.state()).isEqualTo("UNKNOWN");
  }

  @Test
  void aGroupListedByTwoBrokersIsOneGroupAndGroupsComeByTheirId() {
    List<GroupLag> lags =
        ObservationAssembler.groupLags(
            List.of(
                listing("b", GroupType.CLASSIC, GroupState.STABLE),
                listing("a", GroupType.CLASSIC, GroupState.EMPTY),
                listing("b", GroupType.CLASSIC, GroupState.PREPARING_REBALANCE)),
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of());

    assertThat(lags)
        .extracting(GroupLag::groupId, GroupLag::state)
        .containsExactly(tuple("a", "EMPTY"), tuple("b", "STABLE"));
  }

  @Test
  void everyEndOffsetListedBecomesARecord() {
    assertThat(
            ObservationAssembler.endOffsets(
                Map.of(new TopicPartition("orders", 1), 7L, new TopicPartition("orders", 0), 3L)))
        .containsExactlyInAnyOrder(
            new PartitionEndOffset("orders", 0, 3), new PartitionEndOffset("orders", 1, 7));
  }

  private static TopicDescription topic(String name, TopicPartitionInfo... partitions) {
    return new TopicDescription(name, false, List.of(partitions));
  }

  private static TopicPartitionInfo partition(
      int partition, Node leader, List<Node> replicas, List<Node> isr) {
    return new TopicPartitionInfo(partition, leader, replicas, isr);
  }

  private static ControllerQuorum.Replica voter(int id) {
    return ControllerQuorum.Replica.of(
        id, OptionalLong.of(500), 500, Optional.empty(), Optional.empty());
  }

  private static GroupListing listing(String id, GroupType type, GroupState state) {
    return new GroupListing(id, Optional.of(type), "consumer", Optional.of(state));
  }

  // the admin client's own constructor, deprecated as public API, is what builds a broker's answer
  @SuppressWarnings("deprecation")
  private static ConsumerGroupDescription described(String id, GroupState state, int members) {
    List<MemberDescription> live =
        IntStream.range(0, members)
            .mapToObj(
                member ->
                    new MemberDescription(
                        "member-" + member,
                        Optional.empty(),
                        Optional.empty(),
                        "client",
                        "host",
                        new MemberAssignment(Set.of()),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()))
            .toList();
    return new ConsumerGroupDescription(
        id,
        false,
        live,
        "",
        GroupType.CONSUMER,
        state,
        ONE,
        Set.of(),
        Optional.empty(),
        Optional.empty());
  }
}
