package io.eventgateway.kafka.publish;

import io.eventgateway.core.domain.Durability;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Builds the configuration of the producer of one durability, with the precedence documented on
 * {@link KafkaPublisherSettings}. Public so that a tool (the benchmark's bare producer) can run a
 * producer configured exactly as the gateway's.
 */
public final class ProducerConfigs {
  private ProducerConfigs() {}

  /**
   * The producer configuration for {@code durability}.
   *
   * @param clientId the producer's {@code client.id} (the client property of that name, when set,
   *     is replaced by this)
   * @throws IllegalArgumentException when a {@code max.request.size} client property is below the
   *     settings' {@link KafkaPublisherSettings#maxRecordBytes() maxRecordBytes}
   */
  public static Map<String, Object> of(
      KafkaPublisherSettings settings, Durability durability, String clientId) {
    Map<String, Object> config = new HashMap<>();
    // 2. the typed settings
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.compression());
    config.put(ProducerConfig.LINGER_MS_CONFIG, millis(settings.linger()));
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(settings.batchSize()));
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis(settings.maxBlock()));
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis(settings.deliveryTimeout()));
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis(settings.requestTimeout()));
    config.put(
        ProducerConfig.METADATA_MAX_IDLE_CONFIG, millis(KafkaPublisherSettings.METADATA_MAX_IDLE));
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(settings.maxRequestSize()));
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(settings.bufferMemory()));
    // 3. the operator's raw client properties, unchanged; a max.request.size only if big enough
    requireRoomForRecords(
        settings.connection().clientProperties().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        settings.maxRecordBytes());
    config.putAll(settings.connection().clientConfig());
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    // 4. durability and the adapter's own needs, which nothing overrides
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    switch (durability) {
      case CRITICAL -> {
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
      }
      case STANDARD -> {
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        // Kafka's default (true) requires acks=all; it must be off explicitly
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        // without idempotence, one request in flight keeps retries from reordering a partition
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
      }
    }
    return config;
  }

  /** The label of {@code durability} in client ids and thread names, e.g. {@code critical}. */
  static String label(Durability durability) {
    return durability.name().toLowerCase(Locale.ROOT);
  }

  /** The duration a millisecond setting of {@code config} holds, as the producer will read it. */
  static Duration durationOf(Map<String, Object> config, String key) {
    return Duration.ofMillis(Long.parseLong(config.get(key).toString().trim()));
  }

  /**
   * Refuses an operator's {@code max.request.size} that is too small for the largest record:
   * silently raising it would ignore the operator, keeping it would refuse valid events.
   */
  private static void requireRoomForRecords(String maxRequestSize, int maxRecordBytes) {
    if (maxRequestSize == null) {
      return;
    }
    long value;
    try {
      value = Long.parseLong(maxRequestSize.trim());
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException(
          "Kafka client property 'max.request.size' must be a number of bytes, was '"
              + maxRequestSize
              + "'",
          notANumber);
    }
    if (value < maxRecordBytes) {
      throw new IllegalArgumentException(
          "Kafka client property 'max.request.size' ("
              + value
              + ") is below "
              + maxRecordBytes
              + " bytes, the largest record of an event within the gateway's limits: Kafka would"
              + " refuse such events. Remove the property (the gateway sets max.request.size"
              + " itself), set it to at least "
              + maxRecordBytes
              + ", or lower the limits");
    }
  }

  private static String millis(Duration duration) {
    return Long.toString(duration.toMillis());
  }
}
