package io.eventgateway.kafka.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgateway.core.domain.Durability;
import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.kafka.testing.TestPublisherSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProducerConfigsTest {
  private static final KafkaConnection CONNECTION = KafkaConnection.to("127.0.0.1:1");

  @Test
  void criticalMeansAcksAllIdempotentFiveInFlight() {
    Map<String, Object> config =
        ProducerConfigs.of(TestPublisherSettings.on(CONNECTION).build(), Durability.CRITICAL, "c");

    assertThat(config)
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("max.in.flight.requests.per.connection", "5");
  }

  @Test
  void standardMeansAcksOneWithoutIdempotenceOneInFlight() {
    Map<String, Object> config =
        ProducerConfigs.of(TestPublisherSettings.on(CONNECTION).build(), Durability.STANDARD, "s");

    assertThat(config)
        .containsEntry("acks", "1")
        .containsEntry("enable.idempotence", "false")
        .containsEntry("max.in.flight.requests.per.connection", "1");
  }

  @Test
  void eachTypedSettingBecomesItsKafkaSetting() {
    KafkaPublisherSettings settings =
        new KafkaPublisherSettings(
            CONNECTION,
            "lz4",
            Duration.ofMillis(7),
            12_345,
            Duration.ofMillis(4_321),
            Duration.ofSeconds(31),
            Duration.ofMillis(9_876),
            2_000_000,
            50_000_000);
    Map<String, Object> config = ProducerConfigs.of(settings, Durability.STANDARD, "s");

    assertThat(config)
        .containsEntry("bootstrap.servers", "127.0.0.1:1")
        .containsEntry("client.id", "s")
        .containsEntry("compression.type", "lz4")
        .containsEntry("linger.ms", "7")
        .containsEntry("batch.size", "12345")
        .containsEntry("max.block.ms", "4321")
        .containsEntry("delivery.timeout.ms", "31000")
        .containsEntry("request.timeout.ms", "9876")
        .containsEntry("metadata.max.idle.ms", "86400000")
        .containsEntry("max.request.size", "2000000")
        .containsEntry("buffer.memory", "50000000");
  }

  @Test
  void maxRequestSizeTakesTheLargestRecordButNeverGoesBelowKafkasDefault() {
    TestPublisherSettings settings = TestPublisherSettings.on(CONNECTION);

    assertThat(
            ProducerConfigs.of(
                settings.withMaxRecordBytes(1_487_579).build(), Durability.CRITICAL, "c"))
        .containsEntry("max.request.size", "1487579");
    assertThat(
            ProducerConfigs.of(
                settings.withMaxRecordBytes(1_487_579).build(), Durability.STANDARD, "s"))
        .containsEntry("max.request.size", "1487579");
    assertThat(
            ProducerConfigs.of(
                settings.withMaxRecordBytes(4_000).build(), Durability.STANDARD, "s"))
        .containsEntry("max.request.size", "1048576");
  }

  @Test
  void aClientMaxRequestSizeAtOrAboveTheLargestRecordWins() {
    KafkaConnection raised =
        new KafkaConnection("127.0.0.1:1", Map.of("max.request.size", "8388608"));
    KafkaConnection exact =
        new KafkaConnection("127.0.0.1:1", Map.of("max.request.size", "500000"));

    assertThat(
            ProducerConfigs.of(
                TestPublisherSettings.on(raised).withMaxRecordBytes(1_487_579).build(),
                Durability.CRITICAL,
                "c"))
        .containsEntry("max.request.size", "8388608");
    assertThat(
            ProducerConfigs.of(
                TestPublisherSettings.on(exact).withMaxRecordBytes(500_000).build(),
                Durability.CRITICAL,
                "c"))
        .as("below Kafka's default is the operator's choice, as long as the records fit")
        .containsEntry("max.request.size", "500000");
  }

  @Test
  void aClientMaxRequestSizeBelowTheLargestRecordIsRefused() {
    KafkaConnection kafkasDefault =
        new KafkaConnection("127.0.0.1:1", Map.of("max.request.size", "1048576"));
    KafkaPublisherSettings settings =
        TestPublisherSettings.on(kafkasDefault).withMaxRecordBytes(1_487_579).build();

    assertThatThrownBy(() -> ProducerConfigs.of(settings, Durability.STANDARD, "s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'max.request.size' (1048576) is below 1487579 bytes");
    assertThatThrownBy(() -> new KafkaEventLog(settings))
        .as("so the gateway does not start")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set it to at least 1487579");
    KafkaConnection notANumber =
        new KafkaConnection("127.0.0.1:1", Map.of("max.request.size", "1MB"));
    assertThatThrownBy(
            () ->
                ProducerConfigs.of(
                    TestPublisherSettings.on(notANumber).build(), Durability.STANDARD, "s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be a number of bytes, was '1MB'");
  }

  @Test
  void rejectsAMaxRecordBytesBelowOne() {
    assertThatThrownBy(() -> TestPublisherSettings.on(CONNECTION).withMaxRecordBytes(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRecordBytes must be at least 1, was 0");
  }

  @Test
  void clientPropertiesOverrideTheTypedSettings() {
    KafkaConnection connection =
        new KafkaConnection(
            "127.0.0.1:1",
            Map.of("linger.ms", "20", "compression.type", "zstd", "security.protocol", "SSL"));

    Map<String, Object> config =
        ProducerConfigs.of(TestPublisherSettings.on(connection).build(), Durability.CRITICAL, "c");

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

      assertThatThrownBy(() -> TestPublisherSettings.on(connection).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + key + "' cannot be set");
    }
  }

  @Test
  void theDeliveryTimeoutMustCoverLingerAndRequestTimeout() {
    TestPublisherSettings settings = TestPublisherSettings.on(CONNECTION);

    assertThatThrownBy(
            () -> settings.withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "deliveryTimeout (10000 ms) must be at least linger + requestTimeout");
  }

  @Test
  void rejectsUnknownCompression() {
    assertThatThrownBy(() -> TestPublisherSettings.on(CONNECTION).withCompression("brotli").build())
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
