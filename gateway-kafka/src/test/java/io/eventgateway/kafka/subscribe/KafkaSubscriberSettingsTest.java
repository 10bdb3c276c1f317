package io.eventgateway.kafka.subscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.port.SubscriberBudget;
import io.eventgateway.core.port.out.FeedSpec;
import io.eventgateway.kafka.KafkaConnection;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The subscriber settings and the consumer configuration they make. */
class KafkaSubscriberSettingsTest {
  private static final KafkaConnection CONNECTION = KafkaConnection.to("127.0.0.1:9092");

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    KafkaSubscriberSettings settings = KafkaSubscriberSettings.defaults(CONNECTION);

    assertThat(settings.pollTimeout()).isEqualTo(Duration.ofMillis(100));
    assertThat(settings.maxPollRecords()).isEqualTo(500);
    assertThat(settings.commitInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(settings.closeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void withersChangeOneSettingEach() {
    KafkaSubscriberSettings settings =
        KafkaSubscriberSettings.defaults(CONNECTION)
            .withPollTimeout(Duration.ofMillis(50))
            .withMaxPollRecords(10)
            .withCommitInterval(Duration.ofSeconds(1))
            .withCloseTimeout(Duration.ZERO)
            .withRequestTimeout(Duration.ofSeconds(3))
            .withBudget(new SubscriberBudget(1000, 10));

    assertThat(settings)
        .isEqualTo(
            new KafkaSubscriberSettings(
                CONNECTION,
                Duration.ofMillis(50),
                10,
                Duration.ofSeconds(1),
                Duration.ZERO,
                Duration.ofSeconds(3),
                new SubscriberBudget(1000, 10)));
  }

  @Test
  void rejectsClientPropertiesTheAdapterSets() {
    for (String key : KafkaSubscriberSettings.RESERVED_KEYS) {
      KafkaConnection connection = new KafkaConnection("127.0.0.1:9092", Map.of(key, "x"));
      assertThatThrownBy(() -> KafkaSubscriberSettings.defaults(connection))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + key + "'");
    }
  }

  @Test
  void rejectsValuesOutOfRange() {
    KafkaSubscriberSettings settings = KafkaSubscriberSettings.defaults(CONNECTION);
    assertThatThrownBy(() -> settings.withPollTimeout(Duration.ZERO))
        .hasMessageContaining("pollTimeout");
    assertThatThrownBy(() -> settings.withMaxPollRecords(0)).hasMessageContaining("maxPollRecords");
    assertThatThrownBy(() -> settings.withCommitInterval(Duration.ofMillis(-1)))
        .hasMessageContaining("commitInterval");
    assertThatThrownBy(() -> settings.withCloseTimeout(Duration.ofDays(30)))
        .hasMessageContaining("closeTimeout");
    assertThatThrownBy(() -> settings.withRequestTimeout(Duration.ZERO))
        .hasMessageContaining("requestTimeout");
  }

  @Test
  void clientPropertiesOverrideTypedSettingsButNotWhatTheFeedNeeds() {
    KafkaConnection connection =
        new KafkaConnection(
            "127.0.0.1:9092",
            Map.of(
                "max.poll.records", "7",
                "allow.auto.create.topics", "true",
                "security.protocol", "SSL",
                "client.id", "edge"));
    KafkaSubscriberSettings settings = KafkaSubscriberSettings.defaults(connection);
    FeedSpec grouped = new FeedSpec(Optional.of("billing"), StartPosition.LATEST, false, 10);

    Map<String, Object> config =
        ConsumerConfigs.of(settings, grouped, ConsumerConfigs.clientId(settings, "orders", 3));

    assertThat(config)
        .containsEntry("bootstrap.servers", "127.0.0.1:9092")
        .containsEntry("max.poll.records", "7")
        .containsEntry("security.protocol", "SSL")
        .containsEntry("client.id", "edge-feed-orders-3")
        .containsEntry("group.id", "billing")
        .containsEntry("enable.auto.commit", "false")
        .containsEntry("auto.offset.reset", "latest")
        .containsEntry("allow.auto.create.topics", "false")
        .containsEntry(
            "partition.assignment.strategy",
            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
  }

  @Test
  void theConsumerGroupProtocolGetsNoAssignorAndAnOperatorMayChooseAnother() {
    FeedSpec grouped = new FeedSpec(Optional.of("billing"), StartPosition.LATEST, false, 10);
    KafkaSubscriberSettings consumerProtocol =
        KafkaSubscriberSettings.defaults(
            new KafkaConnection("127.0.0.1:9092", Map.of("group.protocol", "consumer")));
    assertThat(ConsumerConfigs.of(consumerProtocol, grouped, "c"))
        .doesNotContainKey("partition.assignment.strategy")
        .containsEntry("group.protocol", "consumer");

    KafkaSubscriberSettings range =
        KafkaSubscriberSettings.defaults(
            new KafkaConnection(
                "127.0.0.1:9092",
                Map.of(
                    "partition.assignment.strategy",
                    "org.apache.kafka.clients.consumer.RangeAssignor")));
    assertThat(ConsumerConfigs.of(range, grouped, "c"))
        .containsEntry(
            "partition.assignment.strategy", "org.apache.kafka.clients.consumer.RangeAssignor");
  }

  @Test
  void fetchSizesAndRecordsPerPollFollowTheBudget() {
    FeedSpec alone = new FeedSpec(Optional.empty(), StartPosition.EARLIEST, true, 10);
    // 4 MiB for records up to 1 KiB: 2 MiB per fetch, 1024 records (1 MiB) per poll
    KafkaSubscriberSettings small =
        KafkaSubscriberSettings.defaults(CONNECTION)
            .withMaxPollRecords(5000)
            .withBudget(new SubscriberBudget(4L << 20, 1024));
    assertThat(ConsumerConfigs.of(small, alone, "c"))
        .containsEntry("fetch.max.bytes", Integer.toString(2 << 20))
        .containsEntry("max.partition.fetch.bytes", Integer.toString(2 << 20))
        .containsEntry("max.poll.records", "1024");
    // maxPollRecords caps what the budget allows
    assertThat(ConsumerConfigs.of(small.withMaxPollRecords(500), alone, "c"))
        .containsEntry("max.poll.records", "500");
    // records larger than a quarter of the budget: one per poll
    assertThat(ConsumerConfigs.of(KafkaSubscriberSettings.defaults(CONNECTION), alone, "c"))
        .containsEntry("max.poll.records", "1")
        .containsEntry("fetch.max.bytes", Integer.toString(2 << 20));
  }

  @Test
  void aFeedWithoutAGroupHasNoGroupId() {
    KafkaSubscriberSettings settings = KafkaSubscriberSettings.defaults(CONNECTION);
    FeedSpec alone = new FeedSpec(Optional.empty(), StartPosition.EARLIEST, true, 10);

    Map<String, Object> config =
        ConsumerConfigs.of(settings, alone, ConsumerConfigs.clientId(settings, "orders", 1));

    assertThat(config)
        .doesNotContainKey("group.id")
        .containsEntry("client.id", "esg-feed-orders-1")
        .containsEntry("auto.offset.reset", "earliest");
  }

  @Test
  void anInvalidConsumerSettingFailsWhenTheSourceIsMade() {
    KafkaConnection connection =
        new KafkaConnection("127.0.0.1:9092", Map.of("fetch.max.bytes", "lots"));

    assertThatThrownBy(
            () -> new KafkaEventSource(KafkaSubscriberSettings.defaults(connection)).close())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("fetch.max.bytes");
  }
}
