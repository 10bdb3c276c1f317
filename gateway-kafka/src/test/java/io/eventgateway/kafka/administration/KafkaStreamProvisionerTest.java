package io.eventgateway.kafka.administration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.StreamClass;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.out.ClusterAdminException;
import io.eventgateway.core.port.out.ClusterAdminException.Kind;
import io.eventgateway.core.port.out.ProvisioningReport;
import io.eventgateway.core.port.out.ProvisioningReport.Drift;
import io.eventgateway.core.testing.TestLimits;
import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import io.eventgateway.testkit.process.FreePorts;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaStreamProvisionerTest {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  /** The largest record of an event within the default limits, as the gateway passes it. */
  private static final int BOUND = TestLimits.TYPICAL.maxRecordBytes();

  private static KafkaStreamProvisioner provisioner;
  private static Admin admin;

  @BeforeAll
  static void start() {
    provisioner =
        new KafkaStreamProvisioner(
            KafkaConnection.to(KAFKA.bootstrapServers()), Duration.ofSeconds(30), BOUND);
    admin = KAFKA.newAdmin();
  }

  @AfterAll
  static void stop() {
    provisioner.close();
    admin.close();
  }

  private static StreamDefinition stream(String name, int partitions, Duration retention) {
    return new StreamDefinition(
        name, StreamClass.AUDIT, partitions, Durability.CRITICAL, retention, (short) 1, 1);
  }

  private static TopicDescription describe(String topic) throws Exception {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(10, TimeUnit.SECONDS)
        .get(topic);
  }

  private static Config configOf(String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
  }

  @Test
  void createsMissingTopicsAsDeclaredAndIsIdempotent() throws Exception {
    StreamDefinition audit =
        stream(KafkaBrokerExtension.uniqueTopicName("audit"), 3, Duration.ofDays(90));
    StreamDefinition raw =
        stream(KafkaBrokerExtension.uniqueTopicName("raw"), 2, Duration.ofDays(30));

    ProvisioningReport first = provisioner.provision(List.of(audit, raw));

    assertThat(first.created()).containsExactly(audit.name(), raw.name());
    assertThat(first.updated()).isEmpty();
    assertThat(first.drift()).isEmpty();
    TopicDescription description = describe(audit.name());
    assertThat(description.partitions()).hasSize(3);
    assertThat(description.partitions().get(0).replicas()).hasSize(1);
    Config config = configOf(audit.name());
    assertThat(config.get("retention.ms").value())
        .isEqualTo(Long.toString(Duration.ofDays(90).toMillis()));
    assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
    assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
    assertThat(config.get("max.message.bytes").value()).isEqualTo(Integer.toString(BOUND));
    assertThat(describe(raw.name()).partitions()).hasSize(2);

    ProvisioningReport second = provisioner.provision(List.of(audit, raw));

    assertThat(second).isEqualTo(new ProvisioningReport(List.of(), List.of(), List.of()));
  }

  @Test
  void alignsRetentionWhenTheDeclarationChanges() throws Exception {
    String name = KafkaBrokerExtension.uniqueTopicName("events");
    provisioner.provision(List.of(stream(name, 1, Duration.ofDays(7))));

    ProvisioningReport report =
        provisioner.provision(List.of(stream(name, 1, Duration.ofDays(14))));

    assertThat(report.created()).isEmpty();
    assertThat(report.updated())
        .containsExactly(
            new Drift(
                name,
                "retention.ms",
                Long.toString(Duration.ofDays(14).toMillis()),
                Long.toString(Duration.ofDays(7).toMillis())));
    assertThat(report.drift()).isEmpty();
    assertThat(configOf(name).get("retention.ms").value())
        .isEqualTo(Long.toString(Duration.ofDays(14).toMillis()));
  }

  @Test
  void treatsATopicSomeoneElseCreatedAsExistingAndAlignsIt() throws Exception {
    String name = KAFKA.createTopic("other", 2, Map.of("min.insync.replicas", "1"));

    ProvisioningReport report =
        provisioner.provision(List.of(stream(name, 2, Duration.ofHours(1))));

    assertThat(report.created()).isEmpty();
    assertThat(report.updated())
        .extracting(Drift::setting)
        .containsExactly("retention.ms", "max.message.bytes");
    assertThat(report.drift()).isEmpty();
  }

  @Test
  void reportsPartitionAndReplicationDriftWithoutChangingThem() throws Exception {
    String name = KAFKA.createTopic("drift", 2);
    StreamDefinition declared =
        new StreamDefinition(
            name, StreamClass.EVENTS, 4, Durability.STANDARD, Duration.ofDays(1), (short) 3, 2);

    ProvisioningReport report = provisioner.provision(List.of(declared));

    assertThat(report.drift())
        .containsExactlyInAnyOrder(
            new Drift(name, "partitions", "4", "2"),
            new Drift(name, "replication.factor", "3", "1"),
            new Drift(name, "min.insync.replicas", "2", "1"));
    assertThat(report.updated())
        .extracting(Drift::setting)
        .containsExactly("retention.ms", "max.message.bytes");
    assertThat(describe(name).partitions()).as("partitions unchanged").hasSize(2);
    assertThat(configOf(name).get("min.insync.replicas").value())
        .as("never raised above the replicas there are")
        .isEqualTo("1");
  }

  @Test
  void raisesAMaxMessageBytesTooSmallForTheLargestRecordAndLeavesALargerOneAlone()
      throws Exception {
    String brokerDefault = KAFKA.createTopic("small", 1);
    String raised = KAFKA.createTopic("large", 1, Map.of("max.message.bytes", "8388608"));
    assertThat(configOf(brokerDefault).get("max.message.bytes").value()).isEqualTo("1048588");

    ProvisioningReport report =
        provisioner.provision(
            List.of(
                stream(brokerDefault, 1, Duration.ofDays(7)),
                stream(raised, 1, Duration.ofDays(7))));

    assertThat(report.updated())
        .filteredOn(drift -> drift.setting().equals("max.message.bytes"))
        .containsExactly(
            new Drift(brokerDefault, "max.message.bytes", Integer.toString(BOUND), "1048588"));
    assertThat(report.drift()).isEmpty();
    assertThat(configOf(brokerDefault).get("max.message.bytes").value())
        .isEqualTo(Integer.toString(BOUND));
    assertThat(configOf(raised).get("max.message.bytes").value())
        .as("an operator's larger value stays")
        .isEqualTo("8388608");
    assertThat(
            provisioner.provision(List.of(stream(brokerDefault, 1, Duration.ofDays(7)))).updated())
        .as("idempotent")
        .isEmpty();
  }

  @Test
  void neverSetsMaxMessageBytesBelowKafkasDefaultNorLowersIt() throws Exception {
    String existing = KAFKA.createTopic("fits", 1, Map.of("max.message.bytes", "500000"));
    StreamDefinition created =
        stream(KafkaBrokerExtension.uniqueTopicName("tiny"), 1, Duration.ofDays(7));
    try (KafkaStreamProvisioner smallLimits =
        new KafkaStreamProvisioner(
            KafkaConnection.to(KAFKA.bootstrapServers()), Duration.ofSeconds(30), 400_000)) {

      ProvisioningReport report =
          smallLimits.provision(List.of(created, stream(existing, 1, Duration.ofDays(7))));

      assertThat(report.created()).containsExactly(created.name());
      assertThat(report.updated()).extracting(Drift::setting).doesNotContain("max.message.bytes");
    }
    assertThat(configOf(created.name()).get("max.message.bytes").value()).isEqualTo("1048588");
    assertThat(configOf(existing).get("max.message.bytes").value())
        .as("below Kafka's default but enough for the largest record")
        .isEqualTo("500000");
  }

  @Test
  void aReplicationFactorTheClusterCannotMeetFailsNamingTheTopic() {
    StreamDefinition tooMany =
        new StreamDefinition(
            KafkaBrokerExtension.uniqueTopicName("rf3"),
            StreamClass.EVENTS,
            1,
            Durability.STANDARD,
            Duration.ofDays(1),
            (short) 3,
            2);

    assertThatThrownBy(() -> provisioner.provision(List.of(tooMany)))
        .isInstanceOfSatisfying(
            ClusterAdminException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FAILED))
        .hasMessageContaining("creating topic '" + tooMany.name() + "'")
        .hasMessageContaining("replication factor");
  }

  @Test
  void aNameThatCollidesWithAnExistingTopicIsANameCollisionNamingBoth() {
    // "collide.x-<hex>" exists; "collide_x-<hex>" differs from it only in '.' vs '_'
    String existing = KAFKA.createTopic("collide.x", 1);
    String colliding = existing.replace('.', '_');

    assertThatThrownBy(
            () -> provisioner.provision(List.of(stream(colliding, 1, Duration.ofDays(1)))))
        .isInstanceOfSatisfying(
            ClusterAdminException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NAME_COLLISION))
        .hasMessageContaining("'" + colliding + "'")
        .hasMessageContaining("'" + existing + "'")
        .hasMessageContaining("may not differ only in '.' and '_'");
  }

  @Test
  void anUnreachableClusterIsUnavailableWithinTheTimeout() throws IOException {
    int unusedPort = FreePorts.onLoopback();
    try (KafkaStreamProvisioner nowhere =
        new KafkaStreamProvisioner(
            KafkaConnection.to("127.0.0.1:" + unusedPort), Duration.ofSeconds(1), BOUND)) {
      long started = System.nanoTime();

      assertThatThrownBy(
              () -> nowhere.provision(List.of(stream("anything", 1, Duration.ofDays(1)))))
          .isInstanceOfSatisfying(
              ClusterAdminException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
          .hasMessageContaining("did not answer within 1000 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
  }
}
