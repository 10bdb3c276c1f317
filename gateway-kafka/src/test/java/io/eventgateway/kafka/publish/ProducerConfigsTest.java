package io.eventgateway.kafka.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgateway.core.domain.Durability;
import io.eventgateway.kafka.KafkaConnection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProducerConfigsTest {
  private static final KafkaConnection CONNECTION = KafkaConnection.to("127.0.0.1:1");

  @Test
  void criticalMeansAcksAllIdempotentFiveInFlight() {
    Map<String, Object> config =
        ProducerConfigs.of(KafkaPublisherSettings.defaults(CONNECTION), Durability.CRITICAL, "c");

    assertThat(config)
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("max.in.flight.requests.per.connection", "5");
  }

  @Test
  void standardMeansAcksOneWithoutIdempotenceOneInFlight() {
    Map<String, Object> config =
        ProducerConfigs.of(KafkaPublisherSettings.defaults(CONNECTION), Durability.STANDARD, "s");

    assertThat(config)
        .containsEntry("acks", "1")
        .containsEntry("enable.idempotence", "false")
        .containsEntry("max.in.flight.requests.per.connection", "1");
  }

  @Test
  void theTypedSettingsHaveTheDocumentedDefaults() {
    Map<String, Object> config =
        ProducerConfigs.of(KafkaPublisherSettings.defaults(CONNECTION), Durability.STANDARD, "s");

    assertThat(config)
        .containsEntry("bootstrap.servers", "127.0.0.1:1")
        .containsEntry("client.id", "s")
        .containsEntry("compression.type", "snappy")
        .containsEntry("linger.ms", "5")
        .containsEntry("batch.size", "65536")
        .containsEntry("max.block.ms", "5000")
        .containsEntry("delivery.timeout.ms", "30000")
        .containsEntry("request.timeout.ms", "10000")
        .containsEntry("metadata.max.idle.ms", "86400000");
  }

  @Test
  void clientPropertiesOverrideTheTypedSettings() {
    KafkaConnection connection =
        new KafkaConnection(
            "127.0.0.1:1",
            Map.of("linger.ms", "20", "compression.type", "zstd", "security.protocol", "SSL"));

    Map<String, Object> config =
        ProducerConfigs.of(KafkaPublisherSettings.defaults(connection), Durability.CRITICAL, "c");

    assertThat(config)
        .containsEntry("linger.ms", "20")
        .containsEntry("compression.type", "zstd")
        .containsEntry("security.protocol", "SSL")
        .containsEntry("acks", "all");
  }

  @Test
  void clientPropertiesCannotSetWhatDurabilityDecides() {
    for (String key : KafkaPublisherSettings.RESERVED_KEYS) {
      KafkaConnection connection = new KafkaConnection("127.0.0.1:1", Map.of(key, "x"));

      assertThatThrownBy(() -> KafkaPublisherSettings.defaults(connection))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + key + "' cannot be set");
    }
  }

  @Test
  void theDeliveryTimeoutMustCoverLingerAndRequestTimeout() {
    KafkaPublisherSettings settings = KafkaPublisherSettings.defaults(CONNECTION);

    assertThatThrownBy(() -> settings.withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "deliveryTimeout (10000 ms) must be at least linger + requestTimeout");
  }

  @Test
  void rejectsUnknownCompression() {
    assertThatThrownBy(() -> KafkaPublisherSettings.defaults(CONNECTION).withCompression("brotli"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'brotli'");
  }

  @Test
  void theConnectionMasksSecretsAndRejectsASecondCluster() {
    KafkaConnection connection =
        new KafkaConnection(
            "b:9092",
            Map.of("sasl.jaas.config", "user=x password=y", "ssl.key.password", "z", "acks", "1"));

    assertThat(connection.toString())
        .contains("sasl.jaas.config=[hidden]", "ssl.key.password=[hidden]", "acks=1")
        .doesNotContain("password=y");
    assertThatThrownBy(() -> new KafkaConnection("a:1", Map.of("bootstrap.servers", "b:2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contradicts");
  }
}
