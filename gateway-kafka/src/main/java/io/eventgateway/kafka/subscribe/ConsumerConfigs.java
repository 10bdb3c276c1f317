package io.eventgateway.kafka.subscribe;

import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.port.out.FeedSpec;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Builds the configuration of one feed's consumer, with the precedence documented on {@link
 * KafkaSubscriberSettings}.
 */
final class ConsumerConfigs {
  private ConsumerConfigs() {}

  /**
   * The consumer configuration of a feed read as {@code spec} says.
   *
   * @param clientId the consumer's {@code client.id}
   */
  static Map<String, Object> of(KafkaSubscriberSettings settings, FeedSpec spec, String clientId) {
    Map<String, Object> config = new HashMap<>();
    // 2. the typed settings
    // the budget: one poll never brings more than its share, one fetch never more than its share
    // plus one batch (Kafka returns the first batch of a partition however large)
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.recordsPerPoll()));
    String fetchBytes = Integer.toString(settings.budget().fetchBytes());
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, fetchBytes);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, fetchBytes);
    // what a consumer costs when idle: nobody reads a feed consumer's metrics, so no JMX beans for
    // them and no pushing them to the broker (KIP-714)
    config.put(ConsumerConfig.METRIC_REPORTER_CLASSES_CONFIG, "");
    config.put(ConsumerConfig.ENABLE_METRICS_PUSH_CONFIG, "false");
    // a feed polls without waiting, and Kafka's selector reads each connection once per poll: with
    // the consumer's default 64 KiB socket buffer a large fetch response would take a poll per
    // 64 KiB. The operating system's own sizing (-1) lets one read take what arrived
    config.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, "-1");
    if (!usesConsumerProtocol(settings)) {
      // incremental rebalances: a member keeps delivering from the partitions it keeps, instead of
      // giving all of them up (and delivering their unacknowledged events again) whenever a member
      // joins or leaves. The consumer protocol (KIP-848) is incremental by itself and refuses
      // this setting.
      config.put(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
    }
    // 3. the operator's raw client properties, unchanged
    config.putAll(settings.connection().clientConfig());
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    // 4. the adapter's own needs, which nothing overrides
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // commits follow acknowledgements, never the poll loop
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // as for producers: topics come from the catalogue, never from a read
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset(spec.start()));
    spec.group().ifPresent(group -> config.put(ConsumerConfig.GROUP_ID_CONFIG, group));
    return config;
  }

  private static boolean usesConsumerProtocol(KafkaSubscriberSettings settings) {
    return "consumer"
        .equalsIgnoreCase(
            settings
                .connection()
                .clientProperties()
                .getOrDefault(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic")
                .trim());
  }

  /**
   * Where a partition without a (valid) position starts: with a group, where it has no committed
   * offset; without one, where the retained log no longer holds the position (the feed fell behind
   * retention). {@code latest} for {@link StartPosition.Latest}, {@code earliest} otherwise.
   */
  static String autoOffsetReset(StartPosition start) {
    return start instanceof StartPosition.Latest ? "latest" : "earliest";
  }

  /** The client id of a feed: {@code <client.id property, else esg>-feed-<stream>-<n>}. */
  static String clientId(KafkaSubscriberSettings settings, String stream, int feedNumber) {
    String base =
        settings
            .connection()
            .clientProperties()
            .getOrDefault(ConsumerConfig.CLIENT_ID_CONFIG, "esg");
    return base + "-feed-" + stream + "-" + feedNumber;
  }
}
