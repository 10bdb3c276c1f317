package io.eventgateway.kafka.administration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.eventgateway.core.domain.ConsumerGroupState;
import io.eventgateway.core.domain.PartitionState;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.port.out.ClusterAdminException;
import io.eventgateway.core.port.out.ClusterAdminException.Kind;
import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Partitions, groups and group resets on a real broker. */
class KafkaClusterAdminTest {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static KafkaClusterAdmin cluster;
  private static KafkaProducer<byte[], byte[]> producer;
  private static Admin admin;

  @BeforeAll
  static void start() {
    cluster =
        new KafkaClusterAdmin(KafkaConnection.to(KAFKA.bootstrapServers()), Duration.ofSeconds(10));
    producer = KAFKA.newByteProducer();
    admin = KAFKA.newAdmin();
  }

  @AfterAll
  static void stop() {
    cluster.close();
    producer.close();
    admin.close();
  }

  /** Writes {@code count} records to {@code partition}, stamped {@code first}, first + 1 s, ... */
  private static void write(String topic, int partition, int count, Instant first)
      throws Exception {
    for (int i = 0; i < count; i++) {
      producer
          .send(
              new ProducerRecord<>(
                  topic,
                  partition,
                  first.plusSeconds(i).toEpochMilli(),
                  null,
                  ("r" + i).getBytes(StandardCharsets.UTF_8)))
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static KafkaConsumer<byte[], byte[]> member(String group, String clientId) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            KAFKA.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            group,
            ConsumerConfig.CLIENT_ID_CONFIG,
            clientId,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            "false",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class.getName()));
  }

  @Test
  void partitionsHaveTheirOffsetsLeaderAndReplicas() throws Exception {
    String topic = KAFKA.createTopic("inspect", 3);
    write(topic, 0, 2, Instant.now());
    write(topic, 2, 5, Instant.now());
    admin
        .deleteRecords(Map.of(new TopicPartition(topic, 2), RecordsToDelete.beforeOffset(2)))
        .all()
        .get(10, TimeUnit.SECONDS);

    List<PartitionState> partitions = cluster.partitions(topic);

    assertThat(partitions).extracting(PartitionState::partition).containsExactly(0, 1, 2);
    assertThat(partitions)
        .extracting(PartitionState::startOffset, PartitionState::endOffset)
        .containsExactly(tuple(0L, 2L), tuple(0L, 0L), tuple(2L, 5L));
    for (PartitionState partition : partitions) {
      assertThat(partition.leader()).isNotNegative();
      assertThat(partition.replicas()).containsExactly(partition.leader());
      assertThat(partition.inSyncReplicas()).containsExactly(partition.leader());
    }
  }

  @Test
  void aMissingTopicIsNotFound() {
    String topic = KafkaBrokerExtension.uniqueTopicName("missing");

    ClusterAdminException failure =
        catchThrowableOfType(ClusterAdminException.class, () -> cluster.partitions(topic));
    assertThat(failure.kind()).isEqualTo(Kind.UNKNOWN_STREAM);
    assertThat(failure.getMessage()).contains(topic);

    ClusterAdminException reset =
        catchThrowableOfType(
            ClusterAdminException.class,
            () -> cluster.resetGroup("some-group", topic, StartPosition.EARLIEST));
    assertThat(reset.kind()).isEqualTo(Kind.UNKNOWN_STREAM);
  }

  @Test
  void anUnknownGroupIsDeadWithNoMembersAndNothingCommitted() {
    String topic = KAFKA.createTopic("unknown-group", 1);

    ConsumerGroupState group = cluster.group(KafkaBrokerExtension.uniqueTopicName("nobody"), topic);

    assertThat(group.state()).isEqualTo("DEAD");
    assertThat(group.members()).isEmpty();
    assertThat(group.committed()).isEmpty();
  }

  @Test
  void aGroupWithALiveMemberShowsItAndCannotBeReset() throws Exception {
    String topic = KAFKA.createTopic("live", 2);
    String other = KAFKA.createTopic("other", 1);
    Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    write(topic, 0, 4, base);
    write(topic, 1, 6, base);
    String group = KafkaBrokerExtension.uniqueTopicName("live");

    try (KafkaConsumer<byte[], byte[]> member = member(group, "member-1")) {
      member.subscribe(List.of(topic, other));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (member.assignment().size() < 3 && System.nanoTime() < deadline) {
        member.poll(Duration.ofMillis(100));
      }
      assertThat(member.assignment()).hasSize(3);
      member.commitSync(
          Map.of(
              new TopicPartition(topic, 0), new OffsetAndMetadata(3),
              new TopicPartition(other, 0), new OffsetAndMetadata(0)));

      ConsumerGroupState state = cluster.group(group, topic);

      assertThat(state.group()).isEqualTo(group);
      assertThat(state.state()).isEqualTo("STABLE");
      assertThat(state.members()).hasSize(1);
      ConsumerGroupState.Member only = state.members().get(0);
      assertThat(only.clientId()).isEqualTo("member-1");
      assertThat(only.memberId()).isNotEmpty();
      assertThat(only.host()).isNotEmpty();
      assertThat(only.partitions()).containsExactlyInAnyOrder(0, 1);
      assertThat(state.committed()).isEqualTo(Map.of(0, 3L));

      ClusterAdminException refused =
          catchThrowableOfType(
              ClusterAdminException.class,
              () -> cluster.resetGroup(group, topic, StartPosition.EARLIEST));
      assertThat(refused.kind()).isEqualTo(Kind.GROUP_NOT_EMPTY);
      assertThat(refused.getMessage()).contains(group);
    }

    // the member left: the group is empty and can be reset
    assertThat(cluster.group(group, topic).state()).isEqualTo("EMPTY");
    assertThat(cluster.group(group, topic).members()).isEmpty();

    assertThat(cluster.resetGroup(group, topic, StartPosition.EARLIEST))
        .isEqualTo(Map.of(0, 0L, 1, 0L));
    assertThat(cluster.resetGroup(group, topic, StartPosition.LATEST))
        .isEqualTo(Map.of(0, 4L, 1, 6L));
    assertThat(cluster.resetGroup(group, topic, new StartPosition.AtTime(base.plusSeconds(2))))
        .isEqualTo(Map.of(0, 2L, 1, 2L));
    assertThat(cluster.resetGroup(group, topic, new StartPosition.AtTime(base.plusSeconds(5))))
        .as("partition 0 has no record that late: its end")
        .isEqualTo(Map.of(0, 4L, 1, 5L));
    assertThat(cluster.resetGroup(group, topic, new StartPosition.AtOffsets(Map.of(1, 3L))))
        .as("only the partition listed changes")
        .isEqualTo(Map.of(0, 4L, 1, 3L));
    assertThat(cluster.group(group, topic).committed()).isEqualTo(Map.of(0, 4L, 1, 3L));
    assertThat(cluster.group(group, other).committed())
        .as("other topics keep their offsets")
        .isEqualTo(Map.of(0, 0L));
  }

  @Test
  void aGroupsStreamsAreThoseItCommittedOnOrItsMembersRead() throws Exception {
    String committedOn = KAFKA.createTopic("committed-on", 1);
    String read = KAFKA.createTopic("read", 1);
    String group = KafkaBrokerExtension.uniqueTopicName("streams-of");
    assertThat(cluster.streamsOf(group)).as("an unknown group").isEmpty();

    try (KafkaConsumer<byte[], byte[]> member = member(group, "member-1")) {
      member.commitSync(Map.of(new TopicPartition(committedOn, 0), new OffsetAndMetadata(0)));
      assertThat(cluster.streamsOf(group)).containsExactly(committedOn);

      member.subscribe(List.of(read));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (member.assignment().isEmpty() && System.nanoTime() < deadline) {
        member.poll(Duration.ofMillis(100));
      }
      assertThat(member.assignment()).hasSize(1);

      assertThat(cluster.streamsOf(group))
          .as("the member reads one topic without having committed there")
          .containsExactlyInAnyOrder(committedOn, read);
    }
  }

  @Test
  void resetsOutsideTheLogAreOutOfRangeAndChangeNothing() throws Exception {
    String topic = KAFKA.createTopic("range", 2);
    write(topic, 0, 3, Instant.now());
    String group = KafkaBrokerExtension.uniqueTopicName("range");
    cluster.resetGroup(group, topic, StartPosition.LATEST);

    for (StartPosition target :
        List.of(
            new StartPosition.AtOffsets(Map.of(0, 4L)),
            new StartPosition.AtOffsets(Map.of(1, -1L)),
            new StartPosition.AtOffsets(Map.of(0, 0L, 2, 0L)),
            new StartPosition.AtTime(Instant.now().plusSeconds(3600)))) {
      ClusterAdminException failure =
          catchThrowableOfType(
              ClusterAdminException.class, () -> cluster.resetGroup(group, topic, target));
      assertThat(failure).as("reset to %s", target).isNotNull();
      assertThat(failure.kind()).isEqualTo(Kind.OUT_OF_RANGE);
    }
    assertThat(
            catchThrowableOfType(
                ClusterAdminException.class,
                () -> cluster.resetGroup(group, topic, new StartPosition.AtOffsets(Map.of(0, 4L)))))
        .hasMessageContaining("partition 0")
        .hasMessageContaining("offset 4")
        .hasMessageContaining("0 (the earliest event kept) to 3");
    assertThat(cluster.group(group, topic).committed()).isEqualTo(Map.of(0, 3L, 1, 0L));
    assertThatThrownBy(() -> cluster.resetGroup(group, topic, StartPosition.COMMITTED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resettingANewGroupCreatesItsOffsets() throws Exception {
    String topic = KAFKA.createTopic("new-group", 1);
    write(topic, 0, 3, Instant.now());
    String group = KafkaBrokerExtension.uniqueTopicName("new");

    assertThat(cluster.resetGroup(group, topic, new StartPosition.AtOffsets(Map.of(0, 1L))))
        .isEqualTo(Map.of(0, 1L));
    ConsumerGroupState state = cluster.group(group, topic);
    assertThat(state.state()).isEqualTo("EMPTY");
    assertThat(state.committed()).isEqualTo(Map.of(0, 1L));
  }

  @Test
  void anUnreachableClusterIsUnavailable() {
    try (KafkaClusterAdmin nowhere =
        new KafkaClusterAdmin(KafkaConnection.to("127.0.0.1:1"), Duration.ofSeconds(1))) {
      long started = System.nanoTime();

      ClusterAdminException failure =
          catchThrowableOfType(ClusterAdminException.class, () -> nowhere.partitions("anything"));

      assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
      assertThat(failure.getMessage()).contains("127.0.0.1:1");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      assertThat(
              catchThrowableOfType(
                      ClusterAdminException.class, () -> nowhere.group("g", "anything"))
                  .kind())
          .isEqualTo(Kind.UNAVAILABLE);
    }
  }
}
