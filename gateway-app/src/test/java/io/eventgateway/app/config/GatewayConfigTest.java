package io.eventgateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.ReplicationPolicy;
import io.eventgateway.core.domain.StreamClass;
import io.eventgateway.core.domain.StreamDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the configuration means: streams, replication, and the checks across keys. */
class GatewayConfigTest {
  @TempDir Path dir;

  private GatewayConfig load(String yaml) throws IOException {
    return new ConfigSources()
        .file(Files.writeString(dir.resolve("esg.yaml"), yaml))
        .resolve()
        .config();
  }

  private static GatewayConfig defaults() {
    return new ConfigSources().resolve().config();
  }

  @Test
  void defaultsGiveAnEmbeddedGatewayWithEventsRawAndAuditStreams() {
    GatewayConfig config = defaults();

    assertThat(config.kafka().embeddedBroker()).isTrue();
    assertThat(config.kafka().embedded().controllerPort())
        .isEqualTo(config.kafka().embedded().port() + 1);
    List<StreamDefinition> streams = config.streamDefinitions();
    assertThat(streams)
        .extracting(
            StreamDefinition::name, StreamDefinition::streamClass, StreamDefinition::durability)
        .containsExactly(
            tuple("events", StreamClass.EVENTS, Durability.STANDARD),
            tuple("raw", StreamClass.RAW, Durability.STANDARD),
            tuple("audit", StreamClass.AUDIT, Durability.CRITICAL));
    assertThat(streams)
        .allSatisfy(
            s -> {
              assertThat(s.replicationFactor()).isEqualTo((short) 1);
              assertThat(s.minInsyncReplicas()).isEqualTo(1);
            });
    assertThat(streams.get(2).retention()).isEqualTo(StreamClass.AUDIT.defaultRetention());
  }

  @Test
  void anExternalClusterGetsProductionReplicationUnlessConfigured() throws IOException {
    GatewayConfig production = load("kafka:\n  bootstrap-servers: k1:9092,k2:9092\n");
    assertThat(production.kafka().bootstrapServers()).isEqualTo("k1:9092,k2:9092");
    assertThat(production.kafka().replicationPolicy())
        .isEqualTo(new ReplicationPolicy((short) 3, 2));
    assertThat(production.streamDefinitions())
        .allSatisfy(
            s -> {
              assertThat(s.replicationFactor()).isEqualTo((short) 3);
              assertThat(s.minInsyncReplicas()).isEqualTo(2);
            });

    GatewayConfig small =
        load("kafka:\n  bootstrap-servers: k1:9092\n  replication:\n    factor: 1\n");
    assertThat(small.kafka().replicationPolicy()).isEqualTo(new ReplicationPolicy((short) 1, 1));
    assertThat(small.streamDefinitions())
        .allSatisfy(
            s -> {
              assertThat(s.replicationFactor()).isEqualTo((short) 1);
              assertThat(s.minInsyncReplicas()).isEqualTo(1);
            });
  }

  @Test
  void readsDeclaredStreamsWithOverrides() throws IOException {
    GatewayConfig config =
        load(
            """
            streams:
              - name: payments
                class: events
                durability: critical
                partitions: 6
              - name: ledger
                class: AUDIT
                retention: 400d
            """);

    List<StreamDefinition> streams = config.streamDefinitions();
    assertThat(streams).hasSize(2);
    StreamDefinition payments = streams.get(0);
    assertThat(payments.durability()).isEqualTo(Durability.CRITICAL);
    assertThat(payments.partitions()).isEqualTo(6);
    assertThat(payments.retention()).isEqualTo(Duration.ofDays(7));
    assertThat(streams.get(1).streamClass()).isEqualTo(StreamClass.AUDIT);
    assertThat(streams.get(1).retention()).isEqualTo(Duration.ofDays(400));
  }

  @Test
  void badStreamsAreRefusedWithThePlaceAtFault() throws IOException {
    assertThatThrownBy(() -> load("streams:\n  - name: x\n    class: gold\n"))
        .hasMessageContaining("streams[0].class")
        .hasMessageContaining("'gold' is not one of events, raw, audit");
    assertThatThrownBy(() -> load("streams:\n  - name: x\n"))
        .hasMessageContaining("streams[0].class is required");
    assertThatThrownBy(() -> load("streams:\n  - name: __internal\n    class: raw\n"))
        .hasMessageContaining("streams[0] (__internal)")
        .hasMessageContaining("internal name");
    assertThatThrownBy(
            () ->
                load(
                    """
                    streams:
                      - {name: a, class: events}
                      - {name: b, class: raw}
                      - {name: a, class: raw}
                    """))
        .hasMessageContaining("streams[2] (a)")
        .hasMessageContaining("streams[0]");
  }

  @Test
  void theEmbeddedBrokerCannotHoldMoreThanOneReplica() {
    assertThatThrownBy(
            () -> load("streams:\n  - {name: a, class: events, replication-factor: 3}\n"))
        .hasMessageContaining("streams[0] (a)")
        .hasMessageContaining("replication-factor 3");
  }

  @Test
  void aSmallerReplicationFactorKeepsOneReplicaOfSlack() throws IOException {
    GatewayConfig config =
        load(
            """
            kafka:
              bootstrap-servers: k:9092
            streams:
              - {name: a, class: events, replication-factor: 2}
              - {name: b, class: events}
            """);
    assertThat(config.streamDefinitions().get(0).minInsyncReplicas()).isEqualTo(1);
    assertThat(config.streamDefinitions().get(1).minInsyncReplicas()).isEqualTo(2);
    assertThatThrownBy(
            () ->
                load(
                    """
                    kafka:
                      bootstrap-servers: k:9092
                      replication: {factor: 2, min-insync-replicas: 3}
                    """))
        .hasMessageContaining("kafka.replication: min-insync-replicas (3) must not exceed factor");
  }

  @Test
  void checksAcrossKeysNameBothKeys() {
    assertThatThrownBy(() -> load("kafka:\n  producer:\n    delivery-timeout: 5s\n"))
        .hasMessageContaining("kafka.producer: delivery-timeout (5s)")
        .hasMessageContaining("request-timeout");
    assertThatThrownBy(() -> load("kafka:\n  health-check:\n    interval: 10s\n"))
        .hasMessageContaining("kafka.health-check: unreachable-after (5s)")
        .hasMessageContaining("interval (10s)");
    assertThatThrownBy(() -> load("limits:\n  max-data-bytes: 9000000\n"))
        .hasMessageContaining("grpc.max-inbound-message-bytes (8388608)")
        .hasMessageContaining("limits.max-data-bytes (9000000)");
    assertThatThrownBy(() -> load("kafka:\n  embedded: {port: 7000, controller-port: 7000}\n"))
        .hasMessageContaining("kafka.embedded: controller-port must differ from port");
    assertThatThrownBy(() -> load("kafka:\n  properties:\n    bootstrap.servers: x:1\n"))
        .hasMessageContaining("kafka.bootstrap-servers");
  }

  @Test
  void producerTimeLimitsAndTheHealthCheckAreRead() throws IOException {
    GatewayConfig set =
        load(
            """
            kafka:
              producer:
                max-block: 2s
                delivery-timeout: 12s
                request-timeout: 4s
              health-check:
                interval: 250ms
                unreachable-after: 3s
            """);
    assertThat(set.kafka().producer().maxBlock()).isEqualTo(Duration.ofSeconds(2));
    assertThat(set.kafka().producer().deliveryTimeout()).isEqualTo(Duration.ofSeconds(12));
    assertThat(set.kafka().producer().requestTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(set.kafka().healthCheck().interval()).isEqualTo(Duration.ofMillis(250));
    assertThat(set.kafka().healthCheck().unreachableAfter()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void deduplicationCoversCriticalStreamsUnlessToldToCoverAll() throws IOException {
    assertThat(defaults().dedup().toDeduplication().appliesTo(Durability.STANDARD)).isFalse();
    assertThat(defaults().dedup().toDeduplication().appliesTo(Durability.CRITICAL)).isTrue();

    GatewayConfig all =
        load(
            """
            dedup:
              window: 30s
              max-ids-per-stream: 10
              standard-streams: true
            """);
    assertThat(all.dedup().toDeduplication().window()).isEqualTo(Duration.ofSeconds(30));
    assertThat(all.dedup().toDeduplication().maxIdsPerStream()).isEqualTo(10);
    assertThat(all.dedup().toDeduplication().appliesTo(Durability.STANDARD)).isTrue();
    assertThat(load("dedup:\n  window: 0s\n").dedup().toDeduplication().enabled()).isFalse();
  }

  @Test
  void toStringHidesSecrets() {
    GatewayConfig config =
        new ConfigSources()
            .set("kafka.properties.sasl.jaas.config", "user=a password=hunter2", "test")
            .set("kafka.properties.ssl.truststore.password", "pw", "test")
            .resolve()
            .config();
    assertThat(config.kafka().properties())
        .isEqualTo(
            Map.of("sasl.jaas.config", "user=a password=hunter2", "ssl.truststore.password", "pw"));
    assertThat(config.toString())
        .doesNotContain("hunter2")
        .doesNotContain("=pw")
        .contains("[hidden]");
  }

  @Test
  void durationsAreWrittenAsTheyAreConfigured() {
    assertThat(Durations.format(Duration.ofDays(90))).isEqualTo("90d");
    assertThat(Durations.format(Duration.ofHours(12))).isEqualTo("12h");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }

  @Test
  void theMemoryBudgetIsAQuarterOfTheHeapAndBoundsWhatACallHolds() throws IOException {
    GatewayConfig config = defaults();
    long heap = Runtime.getRuntime().maxMemory();
    assertThat(config.memory().maxBytes()).isEqualTo(heap / 4);
    assertThat(config.grpc().maxInFlightBytesPerCall())
        .isEqualTo(Math.min(32L << 20, config.memory().maxBytes()));
    assertThat(config.grpc().toPublisherSettings().maxMessageBytes())
        .isEqualTo(config.grpc().maxInboundMessageBytes());

    GatewayConfig small = load("memory:\n  max-bytes: 20000000\n");
    assertThat(small.grpc().maxInFlightBytesPerCall()).isEqualTo(20_000_000);
  }

  @Test
  void budgetsThatCannotHoldTheLargestMessageAreRefusedNamingBothKeys() {
    assertThatThrownBy(() -> load("memory:\n  max-bytes: 4000000\n"))
        .hasMessageContaining("grpc.max-in-flight-bytes-per-call (4000000)")
        .hasMessageContaining("grpc.max-inbound-message-bytes (8388608)");
    assertThatThrownBy(
            () ->
                load(
                    """
                    grpc:
                      max-in-flight-bytes-per-call: 60000000
                    memory:
                      max-bytes: 50000000
                    """))
        .hasMessageContaining(
            "memory.max-bytes (50000000) must be at least"
                + " grpc.max-in-flight-bytes-per-call (60000000)");
  }
}
