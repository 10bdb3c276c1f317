package io.eventgateway.kafka.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.eventgateway.core.port.out.monitor.ClusterHealth;
import io.eventgateway.core.port.out.monitor.ClusterObservation;
import io.eventgateway.core.port.out.monitor.ClusterObservation.Part;
import io.eventgateway.core.port.out.monitor.ControllerQuorum;
import io.eventgateway.core.port.out.monitor.GroupLag;
import io.eventgateway.core.port.out.monitor.GroupPartitionLag;
import io.eventgateway.core.port.out.monitor.LogDirUsage;
import io.eventgateway.core.port.out.monitor.PartitionEndOffset;
import io.eventgateway.core.port.out.monitor.TopicHealth;
import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import io.eventgateway.testkit.process.FreePorts;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster monitor on a real single-node KRaft broker, with groups made by plain Kafka
 * consumers. The broker is shared with other test classes, so assertions about the whole cluster
 * are about what any cluster state must satisfy; the rest are about this test's topics and groups.
 */
class KafkaClusterMonitorTest {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaClusterMonitorTest.class);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static KafkaClusterMonitor monitor;
  private static KafkaProducer<byte[], byte[]> producer;
  private static Admin admin;

  @BeforeAll
  static void start() {
    monitor = new KafkaClusterMonitor(settings(1000));
    producer = KAFKA.newByteProducer();
    admin = KAFKA.newAdmin();
  }

  @AfterAll
  static void stop() {
    monitor.close();
    producer.close();
    admin.close();
  }

  /** Refreshes every 15 s at most 10 s long, with up to {@code timeLagLookups} time-lag reads. */
  private static KafkaClusterMonitorSettings settings(int timeLagLookups) {
    return new KafkaClusterMonitorSettings(
        KafkaConnection.to(KAFKA.bootstrapServers()),
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        timeLagLookups);
  }

  @Test
  void lagInRecordsAndInTimePerPartition() throws Exception {
    String topic = KAFKA.createTopic("lag", 3);
    Instant stamp = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.MILLIS);
    write(topic, 0, 10, stamp, Duration.ZERO, 10);
    write(topic, 1, 5, stamp, Duration.ZERO, 10);
    String group = KafkaBrokerExtension.uniqueTopicName("lagging");
    commit(
        group, Map.of(partition(topic, 0), 4L, partition(topic, 1), 5L, partition(topic, 2), 0L));

    Instant before = Instant.now();
    ClusterObservation observation = monitor.refreshNow().orElseThrow();
    Instant after = Instant.now();

    GroupLag lag = observation.group(group).orElseThrow();
    assertThat(lag.type()).isEqualTo("CLASSIC");
    assertThat(lag.state()).isEqualTo("EMPTY");
    assertThat(lag.members()).isEqualTo(OptionalInt.of(0));
    assertThat(lag.partitions())
        .extracting(
            GroupPartitionLag::partition,
            GroupPartitionLag::committedOffset,
            GroupPartitionLag::endOffset,
            GroupPartitionLag::lag)
        .containsExactly(tuple(0, 4L, 10L, 6L), tuple(1, 5L, 5L, 0L), tuple(2, 0L, 0L, 0L));
    assertThat(lag.totalLag()).isEqualTo(6);
    Duration timeLag = lag.partition(topic, 0).orElseThrow().timeLag().orElseThrow();
    assertThat(timeLag).isEqualTo(Duration.between(stamp, observation.observedAt()));
    assertThat(timeLag)
        .isBetween(Duration.between(stamp, before), Duration.between(stamp, after))
        .isGreaterThanOrEqualTo(Duration.ofMinutes(2));
    assertThat(lag.partition(topic, 1).orElseThrow().timeLag()).contains(Duration.ZERO);
    assertThat(lag.partition(topic, 2).orElseThrow().timeLag()).contains(Duration.ZERO);
    assertThat(lag.maxTimeLag()).contains(timeLag);
    assertThat(observation.endOffsets())
        .filteredOn(end -> end.topic().equals(topic))
        .extracting(PartitionEndOffset::partition, PartitionEndOffset::endOffset)
        .containsExactly(tuple(0, 10L), tuple(1, 5L), tuple(2, 0L));
    assertThat(observation.failures()).isEmpty();
    assertThat(monitor.latest()).contains(observation);
    assertThat(monitor.lastError()).isEmpty();
  }

  @Test
  void groupsAtDifferentOffsetsOfOnePartitionEachGetTheirOwnTimeLag() throws Exception {
    String topic = KAFKA.createTopic("shared", 1);
    Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
    // 300 records one second apart, in batches of 10: more than one poll's worth between offsets
    write(topic, 0, 300, base, Duration.ofSeconds(1), 10);
    Map<String, Long> offsets = new LinkedHashMap<>();
    for (long offset : new long[] {3, 7, 7, 250, 300}) {
      String group = KafkaBrokerExtension.uniqueTopicName("at-" + offset);
      commit(group, Map.of(partition(topic, 0), offset));
      offsets.put(group, offset);
    }

    ClusterObservation observation = monitor.refreshNow().orElseThrow();

    offsets.forEach(
        (group, offset) -> {
          GroupPartitionLag lag =
              observation.group(group).orElseThrow().partition(topic, 0).orElseThrow();
          assertThat(lag.lag()).as(group).isEqualTo(300 - offset);
          Duration expected =
              offset == 300
                  ? Duration.ZERO
                  : Duration.between(base.plusSeconds(offset), observation.observedAt());
          assertThat(lag.timeLag()).as(group).contains(expected);
        });
  }

  @Test
  void aCommittedOffsetWhoseRecordWasDeletedHasNoTimeLag() throws Exception {
    String topic = KAFKA.createTopic("deleted", 1);
    Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
    write(topic, 0, 10, base, Duration.ofSeconds(1), 1);
    String behindStart = KafkaBrokerExtension.uniqueTopicName("behind-start");
    String afterStart = KafkaBrokerExtension.uniqueTopicName("after-start");
    commit(behindStart, Map.of(partition(topic, 0), 2L));
    commit(afterStart, Map.of(partition(topic, 0), 6L));
    admin
        .deleteRecords(Map.of(partition(topic, 0), RecordsToDelete.beforeOffset(5)))
        .all()
        .get(10, TimeUnit.SECONDS);

    ClusterObservation observation = monitor.refreshNow().orElseThrow();

    GroupPartitionLag gone =
        observation.group(behindStart).orElseThrow().partition(topic, 0).orElseThrow();
    assertThat(gone.lag()).as("records from the committed offset to the end").isEqualTo(8);
    assertThat(gone.timeLag()).as("the record at offset 2 is deleted").isEmpty();
    GroupPartitionLag kept =
        observation.group(afterStart).orElseThrow().partition(topic, 0).orElseThrow();
    assertThat(kept.timeLag())
        .contains(Duration.between(base.plusSeconds(6), observation.observedAt()));
    assertThat(observation.failures()).doesNotContainKey(Part.TIME_LAG);
  }

  @Test
  void liveGroupsOfBothProtocolsShowTheirStateAndMembers() throws Exception {
    String topic = KAFKA.createTopic("live", 2);
    write(topic, 0, 3, Instant.now(), Duration.ZERO, 3);
    String classic = KafkaBrokerExtension.uniqueTopicName("classic");
    String consumer = KafkaBrokerExtension.uniqueTopicName("consumer");
    try (KafkaConsumer<byte[], byte[]> classicMember = member(classic, "classic");
        KafkaConsumer<byte[], byte[]> consumerMember = member(consumer, "consumer")) {
      for (KafkaConsumer<byte[], byte[]> member : List.of(classicMember, consumerMember)) {
        member.subscribe(List.of(topic));
        await("an assignment")
            .atMost(WAIT)
            .pollInSameThread()
            .pollInterval(Duration.ZERO)
            .until(
                () -> {
                  member.poll(Duration.ofMillis(100));
                  return member.assignment().size() == 2;
                });
        member.commitSync(Map.of(partition(topic, 0), new OffsetAndMetadata(1)));
      }

      ClusterObservation observation = monitor.refreshNow().orElseThrow();

      assertThat(List.of(classic, consumer))
          .extracting(id -> observation.group(id).orElseThrow())
          .extracting(GroupLag::type, GroupLag::state, GroupLag::members, GroupLag::totalLag)
          .containsExactly(
              tuple("CLASSIC", "STABLE", OptionalInt.of(1), 2L),
              tuple("CONSUMER", "STABLE", OptionalInt.of(1), 2L));
    }
  }

  @Test
  void theBudgetOfTimeLagReadsGoesToTheLargestLags() throws Exception {
    String topic = KAFKA.createTopic("budget", 2);
    Instant base = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
    write(topic, 0, 20, base, Duration.ZERO, 20);
    write(topic, 1, 20, base, Duration.ZERO, 20);
    String group = KafkaBrokerExtension.uniqueTopicName("budget");
    commit(group, Map.of(partition(topic, 0), 5L, partition(topic, 1), 10L));

    try (KafkaClusterMonitor frugal = new KafkaClusterMonitor(settings(1))) {
      ClusterObservation observation = frugal.refreshNow().orElseThrow();

      List<GroupPartitionLag> lagging =
          observation.groups().stream()
              .flatMap(g -> g.partitions().stream())
              .filter(p -> p.lag() > 0)
              .toList();
      Set<String> read =
          lagging.stream()
              .filter(p -> p.timeLag().isPresent())
              .map(p -> p.topic() + "-" + p.partition() + "@" + p.committedOffset())
              .collect(Collectors.toSet());
      assertThat(read).as("distinct partition offsets read").hasSize(1);
      long largest = lagging.stream().mapToLong(GroupPartitionLag::lag).max().orElseThrow();
      assertThat(lagging)
          .filteredOn(p -> p.timeLag().isPresent())
          .allSatisfy(p -> assertThat(p.lag()).isEqualTo(largest));
      GroupLag ours = observation.group(group).orElseThrow();
      assertThat(ours.partition(topic, 0).orElseThrow().lag()).isEqualTo(15);
      assertThat(ours.partition(topic, 1).orElseThrow().timeLag())
          .as("the smaller lag of the two never comes first")
          .isEmpty();
    }
  }

  @Test
  void healthOfTheSingleBrokerCluster() throws Exception {
    String topic = KAFKA.createTopic("health", 3);
    String strict = KAFKA.createTopic("strict", 2, Map.of("min.insync.replicas", "2"));

    ClusterObservation first = monitor.refreshNow().orElseThrow();
    LOGGER.info(
        "a refresh of the single-broker cluster took {} ms ({} topics, {} groups)",
        first.duration().toMillis(),
        first.health().topics().size(),
        first.groups().size());

    ClusterHealth health = first.health();
    assertThat(health.brokersOnline()).hasSize(1);
    assertThat(health.brokersExpected()).isEqualTo(health.brokersOnline());
    assertThat(health.brokersOffline()).isEmpty();
    int broker = health.brokersOnline().iterator().next();
    ControllerQuorum quorum = health.quorum().orElseThrow();
    assertThat(quorum.leaderId()).isEqualTo(OptionalInt.of(broker));
    assertThat(quorum.leaderEpoch()).isPositive();
    assertThat(quorum.highWatermark()).isPositive();
    assertThat(quorum.voters())
        .singleElement()
        .satisfies(
            voter -> {
              assertThat(voter.replicaId()).isEqualTo(broker);
              assertThat(voter.lag()).hasValue(0);
            });
    assertThat(health.underReplicatedPartitions()).isZero();
    assertThat(health.offlinePartitions()).isZero();
    assertThat(health.topic(topic)).contains(new TopicHealth(topic, 3, OptionalInt.of(1), 0, 0, 0));
    assertThat(health.topic(strict))
        .as("min.insync.replicas 2 with one replica")
        .contains(new TopicHealth(strict, 2, OptionalInt.of(2), 0, 0, 2));
    assertThat(health.topic("__consumer_offsets")).isPresent();

    LogDirUsage dir =
        health.logDirs().stream().filter(d -> d.brokerId() == broker).findFirst().orElseThrow();
    assertThat(health.logDirs()).hasSize(1);
    assertThat(dir.error()).isEmpty();
    assertThat(dir.sizeBytes()).isPositive();
    assertThat(dir.totalBytes()).isPresent();
    assertThat(dir.usableBytes()).isPresent();
    assertThat(dir.usableBytes().getAsLong()).isBetween(0L, dir.totalBytes().getAsLong());

    int bytes = 200_000;
    write(topic, 0, 20, Instant.now(), Duration.ZERO, 20, new byte[bytes / 20]);
    ClusterObservation second = monitor.refreshNow().orElseThrow();
    LOGGER.info(
        "the next refresh took {} ms ({} topics, {} groups)",
        second.duration().toMillis(),
        second.health().topics().size(),
        second.groups().size());
    long grown = second.health().logDirs().get(0).sizeBytes() - dir.sizeBytes();
    assertThat(grown).isGreaterThanOrEqualTo(bytes);
  }

  @Test
  void refreshesInTheBackgroundUntilClosed() throws Exception {
    String topic = KAFKA.createTopic("background", 1);
    String group = KafkaBrokerExtension.uniqueTopicName("background");
    commit(group, Map.of(partition(topic, 0), 0L));
    KafkaClusterMonitorSettings fast =
        new KafkaClusterMonitorSettings(
            KafkaConnection.to(KAFKA.bootstrapServers()),
            Duration.ofMillis(200),
            Duration.ofSeconds(10),
            10);
    KafkaClusterMonitor background = new KafkaClusterMonitor(fast);
    try {
      assertThat(background.latest()).as("before the first refresh").isEmpty();
      background.start();
      await("the group seen")
          .atMost(WAIT)
          .until(() -> background.latest().flatMap(o -> o.group(group)).isPresent());

      write(topic, 0, 7, Instant.now(), Duration.ZERO, 7);

      await("the new lag seen")
          .atMost(WAIT)
          .until(
              () ->
                  background
                      .latest()
                      .flatMap(o -> o.group(group))
                      .map(GroupLag::totalLag)
                      .equals(Optional.of(7L)));
      background.close();
      assertThatThrownBy(background::refreshNow)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    } finally {
      background.close(); // idempotent
    }
  }

  @Test
  void aClusterThatDoesNotAnswerGivesNoObservationAndAnError() throws IOException {
    int port = FreePorts.onLoopback();
    try (KafkaClusterMonitor nowhere =
        new KafkaClusterMonitor(
            new KafkaClusterMonitorSettings(
                KafkaConnection.to("127.0.0.1:" + port),
                Duration.ofSeconds(15),
                Duration.ofMillis(500),
                10))) {
      assertThat(nowhere.refreshNow()).isEmpty();

      assertThat(nowhere.latest()).isEmpty();
      assertThat(nowhere.lastError())
          .hasValueSatisfying(
              error ->
                  assertThat(error.message())
                      .startsWith("observed nothing")
                      .contains("BROKERS", "127.0.0.1:" + port));
    }
  }

  private static TopicPartition partition(String topic, int partition) {
    return new TopicPartition(topic, partition);
  }

  private static void write(
      String topic, int partition, int count, Instant first, Duration step, int batch)
      throws Exception {
    write(topic, partition, count, first, step, batch, new byte[] {1});
  }

  /**
   * Writes {@code count} records to {@code partition}, stamped {@code first}, first + step, ...,
   * {@code batch} at a time.
   */
  private static void write(
      String topic, int partition, int count, Instant first, Duration step, int batch, byte[] value)
      throws Exception {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sent.add(
          producer.send(
              new ProducerRecord<>(
                  topic, partition, first.plus(step.multipliedBy(i)).toEpochMilli(), null, value)));
      if (sent.size() == batch || i == count - 1) {
        producer.flush();
        for (Future<RecordMetadata> one : sent) {
          one.get(30, TimeUnit.SECONDS);
        }
        sent.clear();
      }
    }
  }

  /** Commits {@code offsets} for {@code group} as a consumer with no subscription does. */
  private static void commit(String group, Map<TopicPartition, Long> offsets) {
    try (KafkaConsumer<byte[], byte[]> consumer = member(group, "committer")) {
      consumer.commitSync(
          offsets.entrySet().stream()
              .collect(
                  Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue()))));
    }
  }

  private static KafkaConsumer<byte[], byte[]> member(String group, String protocol) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            KAFKA.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            group,
            ConsumerConfig.GROUP_PROTOCOL_CONFIG,
            protocol.equals("consumer") ? "consumer" : "classic",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            "false",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class.getName()));
  }
}
