package io.eventgateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.ReplicationPolicy;
import io.eventgateway.core.domain.StreamClass;
import io.eventgateway.core.domain.StreamDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("esg.yaml"), yaml);
  }

  @Test
  void defaultsGiveAnEmbeddedGatewayWithEventsRawAndAuditStreams() {
    GatewayConfig config =
        GatewayConfig.resolve(ConfigFile.empty(), GatewayConfig.Overrides.none());

    assertThat(config.embeddedKafka()).isTrue();
    assertThat(config.grpcHost()).isEqualTo("127.0.0.1");
    assertThat(config.grpcPort()).isEqualTo(50051);
    assertThat(config.http()).isEqualTo(new GatewayConfig.Http(true, "127.0.0.1", 9464));
    assertThat(config.kafkaPort()).isEqualTo(9092);
    assertThat(config.kafkaControllerPort()).isEqualTo(9093);
    assertThat(config.streams())
        .extracting(
            StreamDefinition::name, StreamDefinition::streamClass, StreamDefinition::durability)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("events", StreamClass.EVENTS, Durability.STANDARD),
            org.assertj.core.groups.Tuple.tuple("raw", StreamClass.RAW, Durability.STANDARD),
            org.assertj.core.groups.Tuple.tuple("audit", StreamClass.AUDIT, Durability.CRITICAL));
    assertThat(config.streams())
        .allSatisfy(
            s -> {
              assertThat(s.replicationFactor()).isEqualTo((short) 1);
              assertThat(s.minInsyncReplicas()).isEqualTo(1);
            });
    assertThat(config.streams().get(2).retention()).isEqualTo(Duration.ofDays(90));
  }

  @Test
  void anExternalClusterGetsProductionReplicationUnlessConfigured() throws IOException {
    GatewayConfig production =
        GatewayConfig.resolve(
            ConfigLoader.load(write("kafka:\n  bootstrap-servers: k1:9092,k2:9092\n")),
            GatewayConfig.Overrides.none());
    assertThat(production.bootstrapServers()).contains("k1:9092,k2:9092");
    assertThat(production.replication()).isEqualTo(ReplicationPolicy.PRODUCTION);
    assertThat(production.streams())
        .allSatisfy(
            s -> {
              assertThat(s.replicationFactor()).isEqualTo((short) 3);
              assertThat(s.minInsyncReplicas()).isEqualTo(2);
            });

    GatewayConfig small =
        GatewayConfig.resolve(
            ConfigLoader.load(
                write("kafka:\n  bootstrap-servers: k1:9092\n  replication:\n    factor: 1\n")),
            GatewayConfig.Overrides.none());
    assertThat(small.replication()).isEqualTo(new ReplicationPolicy((short) 1, 1));
    assertThat(small.streams())
        .allSatisfy(
            s -> {
              assertThat(s.replicationFactor()).isEqualTo((short) 1);
              assertThat(s.minInsyncReplicas()).isEqualTo(1);
            });
  }

  @Test
  void readsDeclaredStreamsWithOverrides() throws IOException {
    Path file =
        write(
            """
            streams:
              - name: payments
                class: events
                durability: critical
                partitions: 6
              - name: ledger
                class: audit
                retention: 400d
            """);
    GatewayConfig config =
        GatewayConfig.resolve(ConfigLoader.load(file), GatewayConfig.Overrides.none());

    assertThat(config.streams()).hasSize(2);
    StreamDefinition payments = config.streams().get(0);
    assertThat(payments.durability()).isEqualTo(Durability.CRITICAL);
    assertThat(payments.partitions()).isEqualTo(6);
    assertThat(payments.retention()).isEqualTo(Duration.ofDays(7));
    assertThat(config.streams().get(1).retention()).isEqualTo(Duration.ofDays(400));
  }

  @Test
  void theExampleFileInTheRepositoryIsValidAndSaysTheDefaults() {
    // surefire runs in gateway-app; the example sits at the repository's root
    GatewayConfig config =
        GatewayConfig.resolve(
            ConfigLoader.load(Path.of("..", "esg.example.yaml")), GatewayConfig.Overrides.none());
    GatewayConfig defaults =
        GatewayConfig.resolve(ConfigFile.empty(), GatewayConfig.Overrides.none());

    assertThat(config.http()).isEqualTo(defaults.http());
    assertThat(config.monitor()).isEqualTo(defaults.monitor());
    assertThat(config.healthCheck()).isEqualTo(defaults.healthCheck());
    assertThat(config.deduplication()).isEqualTo(defaults.deduplication());
    assertThat(config.limits()).isEqualTo(defaults.limits());
    assertThat(config.monitor())
        .isEqualTo(
            new GatewayConfig.Monitor(true, Duration.ofSeconds(15), Duration.ofSeconds(10), 1000));
  }

  @Test
  void flagsOverrideTheFile() throws IOException {
    Path file =
        write(
            """
            grpc:
              port: 6000
            http:
              host: 0.0.0.0
              port: 6001
            kafka:
              properties:
                linger.ms: '20'
            """);
    GatewayConfig config =
        GatewayConfig.resolve(
            ConfigLoader.load(file),
            new GatewayConfig.Overrides(
                "0.0.0.0",
                7000,
                null,
                7001,
                null,
                19092,
                null,
                dir,
                Map.of("compression.type", "lz4")));

    assertThat(config.grpcHost()).isEqualTo("0.0.0.0");
    assertThat(config.grpcPort()).isEqualTo(7000);
    assertThat(config.http()).isEqualTo(new GatewayConfig.Http(true, "0.0.0.0", 7001));
    assertThat(config.kafkaPort()).isEqualTo(19092);
    assertThat(config.kafkaControllerPort()).isEqualTo(19093);
    assertThat(config.dataDir()).isEqualTo(dir);
    assertThat(config.kafkaProperties())
        .containsEntry("linger.ms", "20")
        .containsEntry("compression.type", "lz4");
  }

  @Test
  void badConfigurationIsRefusedWithThePlaceAtFault() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(write("grpc:\n  prot: 1\n")))
        .hasMessageContaining("at grpc.prot")
        .hasMessageContaining("Unrecognized field \"prot\"");
    assertThatThrownBy(
            () ->
                GatewayConfig.resolve(
                    ConfigLoader.load(write("streams:\n  - name: x\n    class: gold\n")),
                    GatewayConfig.Overrides.none()))
        .hasMessageContaining("streams[0] (x)")
        .hasMessageContaining("unknown stream class 'gold'");
    assertThatThrownBy(
            () ->
                GatewayConfig.resolve(
                    ConfigLoader.load(write("streams:\n  - name: __internal\n    class: raw\n")),
                    GatewayConfig.Overrides.none()))
        .hasMessageContaining("internal name");
    assertThatThrownBy(
            () ->
                GatewayConfig.resolve(
                    ConfigLoader.load(write("kafka:\n  properties:\n    bootstrap.servers: x:1\n")),
                    GatewayConfig.Overrides.none()))
        .hasMessageContaining("kafka.bootstrap-servers");
    assertThatThrownBy(
            () ->
                GatewayConfig.resolve(
                    ConfigLoader.load(write("http:\n  port: 70000\n")),
                    GatewayConfig.Overrides.none()))
        .hasMessageContaining("http.port must be between 0 and 65535, was 70000");
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml")))
        .hasMessageContaining("does not exist");
  }

  @Test
  void toStringHidesSecrets() {
    GatewayConfig config =
        GatewayConfig.resolve(
            ConfigFile.empty(),
            new GatewayConfig.Overrides(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Map.of(
                    "sasl.jaas.config",
                    "user=a password=hunter2",
                    "ssl.truststore.password",
                    "pw")));
    assertThat(config.toString())
        .doesNotContain("hunter2")
        .doesNotContain("=pw")
        .contains("[hidden]");
  }

  @Test
  void aStreamDeclaredTwiceIsRefusedWithBothPlaces() throws IOException {
    assertThatThrownBy(
            () ->
                GatewayConfig.resolve(
                    ConfigLoader.load(
                        write(
                            """
                            streams:
                              - {name: a, class: events}
                              - {name: b, class: raw}
                              - {name: a, class: raw}
                            """)),
                    GatewayConfig.Overrides.none()))
        .hasMessageContaining("streams[2] (a)")
        .hasMessageContaining("streams[0]");
  }

  @Test
  void theEmbeddedBrokerCannotHoldMoreThanOneReplica() throws IOException {
    assertThatThrownBy(
            () ->
                GatewayConfig.resolve(
                    ConfigLoader.load(
                        write("streams:\n  - {name: a, class: events, replication-factor: 3}\n")),
                    GatewayConfig.Overrides.none()))
        .hasMessageContaining("streams[0] (a)")
        .hasMessageContaining("replication-factor 3");
  }

  @Test
  void aSmallerReplicationFactorKeepsOneReplicaOfSlack() throws IOException {
    GatewayConfig config =
        GatewayConfig.resolve(
            ConfigLoader.load(
                write(
                    """
                    kafka:
                      bootstrap-servers: k:9092
                    streams:
                      - {name: a, class: events, replication-factor: 2}
                      - {name: b, class: events}
                    """)),
            GatewayConfig.Overrides.none());
    assertThat(config.streams().get(0).minInsyncReplicas()).isEqualTo(1);
    assertThat(config.streams().get(1).minInsyncReplicas()).isEqualTo(2);
  }

  @Test
  void producerTimeLimitsAndTheHealthCheckAreReadAndChecked() throws IOException {
    GatewayConfig defaults =
        GatewayConfig.resolve(ConfigFile.empty(), GatewayConfig.Overrides.none());
    assertThat(defaults.producer().maxBlock()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.producer().deliveryTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.producer().requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.healthCheck().interval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.healthCheck().unreachableAfter()).isEqualTo(Duration.ofSeconds(5));

    GatewayConfig set =
        GatewayConfig.resolve(
            ConfigLoader.load(
                write(
                    """
                    kafka:
                      producer:
                        max-block: 2s
                        delivery-timeout: 12s
                        request-timeout: 4s
                      health-check:
                        interval: 250ms
                        unreachable-after: 3s
                    """)),
            GatewayConfig.Overrides.none());
    assertThat(set.producer().maxBlock()).isEqualTo(Duration.ofSeconds(2));
    assertThat(set.producer().deliveryTimeout()).isEqualTo(Duration.ofSeconds(12));
    assertThat(set.producer().requestTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(set.healthCheck().interval()).isEqualTo(Duration.ofMillis(250));
    assertThat(set.healthCheck().unreachableAfter()).isEqualTo(Duration.ofSeconds(3));

    assertThatThrownBy(
            () ->
                GatewayConfig.resolve(
                    ConfigLoader.load(write("kafka:\n  producer:\n    delivery-timeout: 5s\n")),
                    GatewayConfig.Overrides.none()))
        .hasMessageContaining("kafka.producer.delivery-timeout")
        .hasMessageContaining("kafka.producer.request-timeout");
    assertThatThrownBy(
            () ->
                GatewayConfig.resolve(
                    ConfigLoader.load(write("kafka:\n  health-check:\n    interval: 10s\n")),
                    GatewayConfig.Overrides.none()))
        .hasMessageContaining("kafka.health-check.unreachable-after");
    assertThatThrownBy(
            () ->
                GatewayConfig.resolve(
                    ConfigLoader.load(write("kafka:\n  producer:\n    max-block: 0s\n")),
                    GatewayConfig.Overrides.none()))
        .hasMessageContaining("kafka.producer.max-block must be positive");
  }

  @Test
  void deduplicationCoversCriticalStreamsUnlessToldToCoverAll() throws IOException {
    GatewayConfig defaults =
        GatewayConfig.resolve(ConfigFile.empty(), GatewayConfig.Overrides.none());
    assertThat(defaults.deduplication().window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(defaults.deduplication().maxIdsPerStream()).isEqualTo(50_000);
    assertThat(defaults.deduplication().standardStreams()).isFalse();

    GatewayConfig all =
        GatewayConfig.resolve(
            ConfigLoader.load(
                write(
                    """
                    dedup:
                      window: 30s
                      max-ids-per-stream: 10
                      standard-streams: true
                    """)),
            GatewayConfig.Overrides.none());
    assertThat(all.deduplication().window()).isEqualTo(Duration.ofSeconds(30));
    assertThat(all.deduplication().maxIdsPerStream()).isEqualTo(10);
    assertThat(all.deduplication().standardStreams()).isTrue();
    assertThatThrownBy(
            () ->
                GatewayConfig.resolve(
                    ConfigLoader.load(write("dedup:\n  max-ids-per-stream: 0\n")),
                    GatewayConfig.Overrides.none()))
        .hasMessageContaining("dedup.max-ids-per-stream must be at least 1");
  }

  @Test
  void aShutdownTimeoutMustBePositive() throws IOException {
    assertThatThrownBy(
            () ->
                GatewayConfig.resolve(
                    ConfigLoader.load(write("shutdown-timeout: -PT5S\n")),
                    GatewayConfig.Overrides.none()))
        .hasMessageContaining("shutdown-timeout must be positive");
  }

  @Test
  void durationsAreWrittenAsTheyAreConfigured() {
    assertThat(Durations.format(java.time.Duration.ofDays(90))).isEqualTo("90d");
    assertThat(Durations.format(java.time.Duration.ofHours(12))).isEqualTo("12h");
    assertThat(Durations.format(java.time.Duration.ofMillis(1500))).isEqualTo("1500ms");
  }
}
