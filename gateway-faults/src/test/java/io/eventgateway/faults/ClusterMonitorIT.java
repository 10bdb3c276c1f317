package io.eventgateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventgateway.core.port.out.monitor.ClusterHealth;
import io.eventgateway.core.port.out.monitor.ClusterObservation;
import io.eventgateway.core.port.out.monitor.ControllerQuorum;
import io.eventgateway.core.port.out.monitor.TopicHealth;
import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.kafka.monitor.KafkaClusterMonitor;
import io.eventgateway.kafka.monitor.KafkaClusterMonitorSettings;
import io.eventgateway.testkit.junit.KafkaClusterTest;
import io.eventgateway.testkit.kafka.KafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KafkaClusterMonitor} against a real three-node KRaft cluster (each node a broker and a
 * controller voter, each its own process): a node killed with SIGKILL shows as a broker offline but
 * expected, as under-replicated and under-min-ISR partitions, and as a voter falling behind the
 * quorum; once restarted, the cluster shows healthy again. On the cluster this module's test
 * classes share ({@link KafkaClusterTest}): the topics of other tests are there too, so the counts
 * over the whole cluster are bounds, the counts of this test's topics exact.
 */
@KafkaClusterTest
class ClusterMonitorIT {
  private static final Logger LOGGER = LoggerFactory.getLogger(ClusterMonitorIT.class);
  private static final Set<Integer> ALL = Set.of(1, 2, 3);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(500);

  private static KafkaCluster cluster;
  private static KafkaClusterMonitor monitor;

  @BeforeAll
  static void start(KafkaCluster shared) {
    cluster = shared;
    monitor =
        new KafkaClusterMonitor(
            new KafkaClusterMonitorSettings(
                KafkaConnection.to(cluster.bootstrapServers()),
                Duration.ofSeconds(15),
                Duration.ofSeconds(5),
                100));
  }

  @AfterAll
  static void stop() {
    if (monitor != null) {
      monitor.close();
    }
  }

  @Test
  void aKilledNodeIsOfflineUnderReplicatedAndBehindInTheQuorumUntilItIsBack() throws Exception {
    String strict = createTopic("strict", 3);
    String lenient = createTopic("lenient", 2);
    ClusterObservation healthy = awaitObservation("a healthy cluster", ClusterMonitorIT::healthy);
    LOGGER.info("a refresh of the 3-node cluster took {} ms", healthy.duration().toMillis());
    assertThat(healthy.health().topic(strict))
        .contains(new TopicHealth(strict, 3, OptionalInt.of(3), 0, 0, 0));
    ControllerQuorum quorum = healthy.health().quorum().orElseThrow();
    assertThat(quorum.voters())
        .extracting(ControllerQuorum.Replica::replicaId)
        .containsExactly(1, 2, 3);
    int leader = quorum.leaderId().orElseThrow();
    int victim = cluster.nodeIds().stream().filter(id -> id != leader).findFirst().orElseThrow();

    cluster.kill9(victim);

    ClusterObservation degraded =
        awaitObservation(
            "node " + victim + " offline, its replicas out of sync, its voter behind",
            observation -> {
              // right after the kill some parts may time out: wait for a refresh that has them
              ClusterHealth seen = observation.health();
              boolean strictDown =
                  seen.topic(strict)
                      .map(topic -> topic.underReplicated() == 3 && topic.underMinIsr() == 3)
                      .orElse(false);
              boolean lenientDown =
                  seen.topic(lenient).map(topic -> topic.underReplicated() == 3).orElse(false);
              OptionalLong voterLag =
                  seen.quorum()
                      .flatMap(q -> q.voter(victim))
                      .map(ControllerQuorum.Replica::lag)
                      .orElse(OptionalLong.empty());
              return seen.brokersOffline().equals(Set.of(victim))
                  && strictDown
                  && lenientDown
                  && voterLag.isPresent()
                  && voterLag.getAsLong() > 0;
            });
    ClusterHealth health = degraded.health();
    assertThat(health.brokersExpected()).isEqualTo(ALL);
    assertThat(health.brokersOnline()).hasSize(2).doesNotContain(victim);
    assertThat(health.offlinePartitions()).as("two replicas of three are left").isZero();
    assertThat(health.topic(lenient).orElseThrow().underMinIsr())
        .as("two in-sync replicas meet min.insync.replicas 2")
        .isZero();
    assertThat(health.underMinIsrPartitions()).isGreaterThanOrEqualTo(3);
    assertThat(health.logDirs())
        .extracting(dir -> dir.brokerId())
        .doesNotContain(victim)
        .isNotEmpty();
    assertThat(health.quorum().orElseThrow().leaderId()).hasValue(leader);
    LOGGER.info(
        "with node {} killed: brokers online {}, under-replicated {}, under-min-ISR {}, voter {}",
        victim,
        health.brokersOnline(),
        health.underReplicatedPartitions(),
        health.underMinIsrPartitions(),
        health.quorum().orElseThrow().voter(victim).orElseThrow());

    cluster.restart(victim);

    ClusterObservation recovered =
        awaitObservation("the cluster healthy again", ClusterMonitorIT::healthy);
    assertThat(recovered.health().topic(strict).orElseThrow().healthy()).isTrue();
    assertThat(recovered.health().logDirs()).extracting(dir -> dir.brokerId()).contains(victim);
  }

  /** All three brokers online, every partition led and fully in sync, every voter caught up. */
  private static boolean healthy(ClusterObservation observation) {
    ClusterHealth health = observation.health();
    return observation.complete()
        && health.brokersOnline().equals(ALL)
        && health.brokersExpected().equals(ALL)
        && health.underReplicatedPartitions() == 0
        && health.offlinePartitions() == 0
        && health.underMinIsrPartitions() == 0
        && health.quorum().isPresent()
        && health.quorum().get().leaderId().isPresent()
        && health.quorum().get().voters().size() == 3
        && health.quorum().get().voters().stream()
            .allMatch(voter -> voter.lag().equals(OptionalLong.of(0)));
  }

  /** Refreshes until an observation satisfies {@code condition}, and returns it. */
  private static ClusterObservation awaitObservation(
      String what, Predicate<ClusterObservation> condition) {
    ClusterObservation[] seen = new ClusterObservation[1];
    await(what)
        .atMost(WAIT)
        .pollInterval(POLL)
        .pollInSameThread()
        .until(
            () -> {
              seen[0] = monitor.refreshNow().orElse(null);
              return seen[0] != null && condition.test(seen[0]);
            });
    return seen[0];
  }

  /** A new topic: 3 partitions, 3 replicas, the given min.insync.replicas; all in sync. */
  private static String createTopic(String prefix, int minInSyncReplicas) throws Exception {
    String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, 3, (short) 3)
                      .configs(Map.of("min.insync.replicas", Integer.toString(minInSyncReplicas)))))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
    cluster.awaitInSync(topic, WAIT);
    return topic;
  }
}
