package io.eventgateway.kafka.administration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.ReplicationPolicy;
import io.eventgateway.core.domain.StreamClass;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.out.ClusterAdminException;
import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import io.eventgateway.testkit.process.FreePorts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Registrations shared between registry instances through a real broker. */
class KafkaStreamRegistryTest {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final StreamDefinition PAYMENTS =
      new StreamDefinition(
          "payments", StreamClass.AUDIT, 2, Durability.CRITICAL, Duration.ofDays(90), (short) 1, 1);
  private static final StreamDefinition CLICKS =
      new StreamDefinition(
          "clicks", StreamClass.RAW, 6, Durability.STANDARD, Duration.ofDays(30), (short) 1, 1);

  private static KafkaStreamRegistry registry(String topic) {
    return new KafkaStreamRegistry(
        KafkaConnection.to(KAFKA.bootstrapServers()),
        topic,
        ReplicationPolicy.SINGLE_BROKER,
        Duration.ofSeconds(20));
  }

  @Test
  void aRegistrationReachesEveryFollowerAndEveryLaterStart() throws Exception {
    String topic = KafkaBrokerExtension.uniqueTopicName("__registry");
    List<StreamDefinition> seenByA = new CopyOnWriteArrayList<>();
    List<StreamDefinition> seenByB = new CopyOnWriteArrayList<>();
    try (KafkaStreamRegistry a = registry(topic);
        KafkaStreamRegistry b = registry(topic)) {
      a.follow(seenByA::add);
      b.follow(seenByB::add);
      assertThat(seenByA).isEmpty();

      a.register(PAYMENTS);
      b.register(CLICKS);

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> seenByA.size() == 2 && seenByB.size() == 2);
      assertThat(seenByA).containsExactly(PAYMENTS, CLICKS);
      assertThat(seenByB).containsExactly(PAYMENTS, CLICKS);
    }

    // an instance started later has read every registration when follow returns
    List<StreamDefinition> seenLater = new CopyOnWriteArrayList<>();
    try (KafkaStreamRegistry later = registry(topic)) {
      later.follow(seenLater::add);
      assertThat(seenLater).containsExactly(PAYMENTS, CLICKS);
    }
  }

  @Test
  void theRegistryTopicIsCompactedWithOnePartition() throws Exception {
    String topic = KafkaBrokerExtension.uniqueTopicName("__registry");
    try (KafkaStreamRegistry registry = registry(topic);
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      registry.follow(stream -> {});
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
      assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions())
          .hasSize(1);
    }
  }

  @Test
  void unreadableRecordsAreSkippedAndTheRestIsRead() throws Exception {
    String topic = KafkaBrokerExtension.uniqueTopicName("__registry");
    try (KafkaStreamRegistry writer = registry(topic)) {
      writer.register(PAYMENTS);
    }
    try (KafkaProducer<byte[], byte[]> foreign = KAFKA.newByteProducer()) {
      foreign.send(new ProducerRecord<>(topic, bytes("junk"), bytes("format=99\n"))).get();
      foreign.send(new ProducerRecord<>(topic, bytes("bad"), bytes("class=weekly\n"))).get();
      foreign.send(new ProducerRecord<>(topic, bytes("gone"), null)).get();
    }
    try (KafkaStreamRegistry writer = registry(topic)) {
      writer.register(CLICKS);
    }

    List<StreamDefinition> seen = new CopyOnWriteArrayList<>();
    try (KafkaStreamRegistry reader = registry(topic)) {
      reader.follow(seen::add);
    }
    assertThat(seen).containsExactly(PAYMENTS, CLICKS);
  }

  @Test
  void anUnreachableClusterIsUnavailableWithinTheTimeout() {
    int[] ports = FreePorts.onLoopback(2);
    try (KafkaStreamRegistry nowhere =
        new KafkaStreamRegistry(
            KafkaConnection.to("127.0.0.1:" + ports[0]),
            KafkaStreamRegistry.DEFAULT_TOPIC,
            ReplicationPolicy.SINGLE_BROKER,
            Duration.ofSeconds(2))) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> nowhere.follow(stream -> {}))
          .isInstanceOf(ClusterAdminException.class)
          .satisfies(
              e ->
                  assertThat(((ClusterAdminException) e).kind())
                      .isEqualTo(ClusterAdminException.Kind.UNAVAILABLE));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void followingTwiceIsABug() {
    String topic = KafkaBrokerExtension.uniqueTopicName("__registry");
    try (KafkaStreamRegistry registry = registry(topic)) {
      registry.follow(stream -> {});
      assertThatThrownBy(() -> registry.follow(stream -> {}))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
