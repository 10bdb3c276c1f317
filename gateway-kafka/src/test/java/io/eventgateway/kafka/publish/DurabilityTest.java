package io.eventgateway.kafka.publish;

import static io.eventgateway.kafka.publish.KafkaEventLogTest.failureOf;
import static io.eventgateway.kafka.publish.KafkaEventLogTest.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.LogPosition;
import io.eventgateway.core.domain.Payload;
import io.eventgateway.core.port.out.EventLogException;
import io.eventgateway.core.port.out.EventLogException.Kind;
import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.kafka.embedded.EmbeddedKafkaBroker;
import io.eventgateway.kafka.embedded.EmbeddedKafkaSettings;
import io.eventgateway.kafka.testing.TestPublisherSettings;
import io.eventgateway.testkit.process.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof of which {@code acks} each durability uses, end to end: on a partition with two
 * replicas and {@code min.insync.replicas=2}, once one replica is gone the leader refuses every
 * {@code acks=all} write (NotEnoughReplicas) and still takes {@code acks=1} writes, which do not
 * wait for in-sync replicas. (A single broker cannot show this: Kafka caps the effective min ISR at
 * the replication factor.)
 */
class DurabilityTest {
  @TempDir Path directory;

  private static Event event(String subject) {
    return new Event(
        UUID.randomUUID().toString(),
        "/durability",
        "test",
        subject,
        Instant.now(),
        "",
        Payload.copyOf(subject.getBytes(StandardCharsets.UTF_8)),
        Map.of());
  }

  @Test
  void criticalNeedsTheInSyncReplicasAndStandardOnlyTheLeader() throws Exception {
    int[] ports = FreePorts.onLoopback(2);
    int secondPort = FreePorts.onLoopback();
    try (EmbeddedKafkaBroker first =
            EmbeddedKafkaBroker.start(
                new EmbeddedKafkaSettings(
                    directory.resolve("node-1"), ports[0], ports[1], Map.of()));
        SecondBroker second = SecondBroker.join(first, directory.resolve("node-2"), secondPort);
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers()))) {
      String topic = "durability";
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, Map.of(0, List.of(1, 2)))
                      .configs(Map.of("min.insync.replicas", "2"))))
          .all()
          .get(30, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(30)).until(() -> inSyncReplicas(admin, topic) == 2);

      KafkaPublisherSettings quick =
          TestPublisherSettings.on(KafkaConnection.to(first.bootstrapServers()))
              .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(2))
              .build();
      try (KafkaEventLog log = new KafkaEventLog(quick)) {
        assertThat(
                log.append(stream(topic, Durability.CRITICAL), event("both-replicas"))
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS))
            .as("with both replicas in sync, acks=all succeeds")
            .isEqualTo(new LogPosition(0, 0));

        second.shutDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> inSyncReplicas(admin, topic) == 1);

        EventLogException refused =
            failureOf(
                log.append(stream(topic, Durability.CRITICAL), event("one-replica"))
                    .toCompletableFuture(),
                Duration.ofSeconds(30));
        assertThat(refused.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(refused).hasMessageContaining("retry with the same id");
        assertThat(refused.getCause())
            .isInstanceOfAny(
                NotEnoughReplicasException.class,
                org.apache.kafka.common.errors.TimeoutException.class);

        assertThat(
                log.append(stream(topic, Durability.STANDARD), event("leader-only"))
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS))
            .as("acks=1 does not wait for in-sync replicas")
            .isEqualTo(new LogPosition(0, 1));
      }
    }
  }

  private static int inSyncReplicas(Admin admin, String topic) throws Exception {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(10, TimeUnit.SECONDS)
        .get(topic)
        .partitions()
        .get(0)
        .isr()
        .size();
  }
}
