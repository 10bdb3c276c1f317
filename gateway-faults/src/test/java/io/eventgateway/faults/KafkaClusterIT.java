package io.eventgateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eventgateway.faults.KeyedLoad.Send;
import io.eventgateway.testkit.junit.KafkaClusterTest;
import io.eventgateway.testkit.kafka.ClusterNodeMain;
import io.eventgateway.testkit.kafka.KafkaCluster;
import io.eventgateway.testkit.kafka.KafkaClusterException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KafkaCluster} against real Kafka: three node processes, the cluster this module's test
 * classes share ({@link KafkaClusterTest}). Each test leaves every node running, as the shared
 * cluster's rule asks; the extension fails a test that does not and brings the node back. That no
 * node process outlives {@link KafkaCluster#close()} is checked by the extension when it closes the
 * cluster at the end of the run, and a failure there fails the build. The nodes' data and logs stay
 * in a temporary directory when a test fails.
 */
@KafkaClusterTest
class KafkaClusterIT {
  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaClusterIT.class);
  private static final int PARTITIONS = 3;
  private static final short REPLICAS = 3;
  private static final Duration FAULT_TIMEOUT = Duration.ofSeconds(90);

  private static KafkaCluster cluster;

  @BeforeAll
  static void useTheSharedCluster(KafkaCluster shared) {
    cluster = shared;
  }

  @Test
  void startsThreeNodesThatFormOneCluster() throws Exception {
    assertThat(cluster.nodeIds()).containsExactly(1, 2, 3);
    try (Admin admin = admin()) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
          .extracting(node -> node.id())
          .containsExactlyInAnyOrder(1, 2, 3);
    }
    assertThat(cluster.nodeIds())
        .allSatisfy(
            node -> {
              assertThat(cluster.isRunning(node)).isTrue();
              assertThat(ProcessHandle.of(cluster.pid(node))).isPresent();
              assertThat(cluster.logFile(node)).content().contains(ClusterNodeMain.READY);
            });
  }

  /**
   * The fault suite's first scenario: the leader of a partition dies mid-load (SIGKILL) and comes
   * back. Nothing acknowledged is lost, nothing acknowledged is reordered within a key, the
   * idempotent producer writes nothing twice, and the restarted node is back in every ISR.
   */
  @Test
  void killingTheLeaderMidLoadLosesNoAcknowledgedRecord() throws Exception {
    String topic = createTopic("kill-leader");
    int leader = cluster.leaderOf(topic, 0).orElseThrow();
    KeyedLoad load =
        KeyedLoad.start(cluster.bootstrapServers(), topic, 24, 5, Duration.ofMillis(20));
    try {
      awaitAcknowledged(load, 500);
      cluster.kill9(leader);
      assertThat(cluster.isRunning(leader)).isFalse();
      int acknowledgedAtKill = load.acknowledgedCount();

      awaitNewLeader(topic, leader);
      // two replicas of three meet min.insync.replicas=2: writes go on
      awaitAcknowledged(load, acknowledgedAtKill + 500);

      cluster.restart(leader);
      assertThat(cluster.isRunning(leader)).isTrue();
      awaitAcknowledged(load, load.acknowledgedCount() + 500);
    } finally {
      load.stop();
    }

    cluster.awaitInSync(topic, FAULT_TIMEOUT);
    assertThat(cluster.inSyncReplicas(topic, 0)).contains(leader);

    List<ConsumerRecord<String, String>> records = readAll(topic);
    LOGGER.info(
        "{}: sent {}, acknowledged {}, failed {}, read back {}",
        topic,
        load.sent(),
        load.acknowledgedCount(),
        load.failedCount(),
        records.size());
    if (load.failedCount() > 0) {
      LOGGER.info("{}: failed sends:\n{}", topic, load.describeFailures());
    }
    assertThat(load.acknowledgedCount() + load.failedCount()).isEqualTo(load.sent());

    Map<Send, Integer> copies = new HashMap<>();
    Map<String, List<Integer>> sequencesInLogOrder = new LinkedHashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      Send send = new Send(record.key(), Integer.parseInt(record.value()));
      copies.merge(send, 1, Integer::sum);
      sequencesInLogOrder
          .computeIfAbsent(record.key(), key -> new ArrayList<>())
          .add(send.sequence());
    }
    Set<Send> acknowledged = load.acknowledged();

    Set<Send> lost = new HashSet<>(acknowledged);
    lost.removeAll(copies.keySet());
    assertThat(lost).as("acknowledged records missing from the log").isEmpty();

    assertThat(copies)
        .as("records written more than once by the idempotent producer")
        .allSatisfy((send, count) -> assertThat(count).as(send.toString()).isEqualTo(1));

    sequencesInLogOrder.forEach(
        (key, sequences) -> {
          List<Integer> acknowledgedInLogOrder =
              sequences.stream().filter(n -> acknowledged.contains(new Send(key, n))).toList();
          assertThat(acknowledgedInLogOrder)
              .as("acknowledged sequence numbers of %s in log order", key)
              .isSorted()
              .doesNotHaveDuplicates();
        });
  }

  @Test
  void aPausedFollowerLeavesTheIsrAndRejoinsWhenResumed() throws Exception {
    String topic = createTopic("pause-follower");
    int leader = cluster.leaderOf(topic, 0).orElseThrow();
    int follower =
        cluster.replicas(topic, 0).stream()
            .filter(node -> node != leader)
            .findFirst()
            .orElseThrow();

    cluster.pause(follower);
    assertThat(cluster.isRunning(follower)).isTrue();
    assertThat(cluster.isPaused(follower)).isTrue();
    await("node " + follower + " out of the ISR of partition 0")
        .atMost(FAULT_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptionsInstanceOf(KafkaClusterException.class)
        .until(() -> !cluster.inSyncReplicas(topic, 0).contains(follower));
    LOGGER.info("node {} left the ISR of {}-0", follower, topic);
    produce(topic, 0, 0, 100); // acks=all with two in-sync replicas of three
    LOGGER.info("100 records written to {}-0 without node {}", topic, follower);

    cluster.resume(follower);
    assertThat(cluster.isPaused(follower)).isFalse();
    cluster.awaitInSync(topic, FAULT_TIMEOUT);
    assertThat(cluster.inSyncReplicas(topic, 0)).contains(follower);
    produce(topic, 0, 100, 100);
    assertThat(readAll(topic)).hasSize(200);
  }

  @Test
  void aTerminatedNodeRestartsWithItsData() throws Exception {
    String topic = createTopic("terminate");
    produce(topic, 0, 0, 100);
    int node = cluster.leaderOf(topic, 0).orElseThrow();
    long pid = cluster.pid(node);

    cluster.terminate(node);
    assertThat(cluster.isRunning(node)).isFalse();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThatThrownBy(() -> cluster.pause(node))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("node " + node + " cannot be paused: it is not running");
    awaitNewLeader(topic, node);
    produce(topic, 0, 100, 100);

    cluster.restart(node);
    assertThat(cluster.isRunning(node)).isTrue();
    assertThat(cluster.pid(node)).isNotEqualTo(pid);
    cluster.awaitInSync(topic, FAULT_TIMEOUT);
    assertThat(cluster.inSyncReplicas(topic, 0)).contains(node);
    assertThat(readAll(topic)).hasSize(200);
  }

  private static void awaitAcknowledged(KeyedLoad load, int count) {
    await(count + " acknowledged sends")
        .atMost(FAULT_TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> load.acknowledgedCount() >= count);
  }

  /** A new topic: 3 partitions, 3 replicas, min.insync.replicas 2. */
  private static String createTopic(String prefix) throws Exception {
    String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    try (Admin admin = admin()) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, PARTITIONS, REPLICAS)
                      .configs(Map.of("min.insync.replicas", "2"))))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
    cluster.awaitInSync(topic, FAULT_TIMEOUT);
    return topic;
  }

  /** Sends {@code count} records to one partition with acks=all and waits for each. */
  private static void produce(String topic, int partition, int first, int count)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                // a paused node accepts connections and answers nothing: a request to it (the
                // first metadata request may go there) would wait the default 30 s
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000),
            new StringSerializer(),
            new StringSerializer())) {
      for (int n = first; n < first + count; n++) {
        producer
            .send(new ProducerRecord<>(topic, partition, "k", Integer.toString(n)))
            .get(60, TimeUnit.SECONDS);
      }
    }
  }

  /** Every record of every partition of {@code topic}, up to its end offset now. */
  private static List<ConsumerRecord<String, String>> readAll(String topic) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new StringDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int partition = 0; partition < PARTITIONS; partition++) {
        partitions.add(new TopicPartition(topic, partition));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(60));
      await("every partition of " + topic + " read to its end " + ends)
          .atMost(FAULT_TIMEOUT)
          .pollInterval(Duration.ZERO)
          .pollInSameThread() // a consumer is used by one thread only
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return partitions.stream()
                    .allMatch(partition -> consumer.position(partition) >= ends.get(partition));
              });
    }
    return records;
  }

  private static Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
  }

  /** Waits until partition 0 of {@code topic} has a leader other than {@code old}. */
  private static void awaitNewLeader(String topic, int old) {
    await("a new leader for partition 0 of " + topic)
        .atMost(FAULT_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptionsInstanceOf(KafkaClusterException.class)
        .until(
            () -> {
              OptionalInt now = cluster.leaderOf(topic, 0);
              return now.isPresent() && now.getAsInt() != old;
            });
  }
}
