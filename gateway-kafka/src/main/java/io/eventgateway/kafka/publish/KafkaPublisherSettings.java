package io.eventgateway.kafka.publish;

import io.eventgateway.kafka.KafkaConnection;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link KafkaEventLog} configures its producers. Immutable; validates eagerly.
 *
 * <p>What wins, from weakest to strongest:
 *
 * <ol>
 *   <li>Kafka's own producer defaults;
 *   <li>these typed settings (the gateway takes them from its configuration, where their defaults
 *       are defined);
 *   <li>the connection's {@linkplain KafkaConnection#clientProperties() client properties}, passed
 *       through unchanged: an operator's raw Kafka setting (e.g. {@code linger.ms} or {@code
 *       compression.type}) overrides the typed setting of the same meaning. One exception: a {@code
 *       max.request.size} below {@link #maxRecordBytes()} is rejected when the producers are
 *       created ({@link KafkaEventLog#KafkaEventLog}), since Kafka would then refuse events the
 *       gateway promised to accept; one at or above it wins. It is rejected rather than raised
 *       because raising it silently would ignore what the operator wrote;
 *   <li>the keys that make a stream's durability, which nothing overrides: {@code acks}, {@code
 *       enable.idempotence}, {@code max.in.flight.requests.per.connection}, and the keys the
 *       adapter depends on ({@code key.serializer}, {@code value.serializer}, {@code
 *       transactional.id}). Client properties that name one of {@link #RESERVED_KEYS} are rejected
 *       here, so a contradiction fails at start-up instead of being silently ignored.
 * </ol>
 *
 * @param connection the cluster and the client properties every producer gets (required)
 * @param compression {@code compression.type}: none, gzip, snappy, lz4 or zstd
 * @param linger {@code linger.ms}: how long a batch waits for more events
 * @param batchSize {@code batch.size}: the largest batch per partition, in bytes
 * @param maxBlock {@code max.block.ms}: the longest an append may block its caller, waiting for a
 *     topic's metadata or for buffer space; after it the event fails as not written
 * @param deliveryTimeout {@code delivery.timeout.ms}: the longest from an append to its outcome,
 *     retries included; after it the outcome is unknown; must be at least {@code linger +
 *     requestTimeout}
 * @param requestTimeout {@code request.timeout.ms}: how long one produce request may take before it
 *     is retried
 * @param maxRecordBytes the largest record the producers must be able to send, in bytes: the
 *     gateway passes the bound of its publish limits. {@code max.request.size} is set to this or to
 *     Kafka's default {@value #KAFKA_DEFAULT_MAX_REQUEST_SIZE}, whichever is larger (at least 1)
 * @param bufferMemory {@code buffer.memory}: what each producer may hold of records it has not
 *     sent, in bytes. The gateway passes its memory budget plus one request, so that the budget,
 *     which stops reading from publishers, is reached before a producer blocks its caller
 */
public record KafkaPublisherSettings(
    KafkaConnection connection,
    String compression,
    Duration linger,
    int batchSize,
    Duration maxBlock,
    Duration deliveryTimeout,
    Duration requestTimeout,
    int maxRecordBytes,
    long bufferMemory) {

  /**
   * {@code metadata.max.idle.ms}: how long a producer keeps the metadata of a topic it has not
   * written to. Kafka's 5 minutes would make the first event after a quiet spell wait for metadata
   * again (up to {@code maxBlock} when the cluster is slow); the gateway writes only to a fixed set
   * of declared, {@linkplain KafkaEventLog#warmUp warmed-up} topics, so keeping them costs nothing.
   */
  public static final Duration METADATA_MAX_IDLE = Duration.ofDays(1);

  /** Kafka's own default {@code max.request.size}, below which the gateway never sets it. */
  public static final int KAFKA_DEFAULT_MAX_REQUEST_SIZE = 1_048_576;

  /** Producer settings that only the adapter sets; client properties may not name them. */
  public static final Set<String> RESERVED_KEYS =
      Set.of(
          "acks",
          "enable.idempotence",
          "max.in.flight.requests.per.connection",
          "key.serializer",
          "value.serializer",
          "transactional.id");

  private static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "snappy", "lz4", "zstd");

  public KafkaPublisherSettings {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(linger, "linger");
    Objects.requireNonNull(maxBlock, "maxBlock");
    Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    for (String key : connection.clientProperties().keySet()) {
      if (RESERVED_KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "Kafka client property '"
                + key
                + "' cannot be set: the gateway sets it from each stream's durability"
                + " (standard: acks=1, enable.idempotence=false,"
                + " max.in.flight.requests.per.connection=1; critical: acks=all,"
                + " enable.idempotence=true, max.in.flight.requests.per.connection=5)"
                + " or needs it for itself");
      }
    }
    if (!COMPRESSIONS.contains(compression)) {
      throw new IllegalArgumentException(
          "compression must be one of " + COMPRESSIONS + ", was '" + compression + "'");
    }
    requireMillis(linger, "linger", 0);
    if (batchSize < 0) {
      throw new IllegalArgumentException("batchSize must not be negative, was " + batchSize);
    }
    requireMillis(maxBlock, "maxBlock", 0);
    requireMillis(requestTimeout, "requestTimeout", 1);
    requireMillis(deliveryTimeout, "deliveryTimeout", 1);
    if (maxRecordBytes < 1) {
      throw new IllegalArgumentException(
          "maxRecordBytes must be at least 1, was " + maxRecordBytes);
    }
    if (bufferMemory < maxRequestSize()) {
      throw new IllegalArgumentException(
          "bufferMemory ("
              + bufferMemory
              + ") must be at least the largest request ("
              + maxRequestSize()
              + ")");
    }
    if (deliveryTimeout.compareTo(linger.plus(requestTimeout)) < 0) {
      throw new IllegalArgumentException(
          "deliveryTimeout ("
              + deliveryTimeout.toMillis()
              + " ms) must be at least linger + requestTimeout ("
              + linger.plus(requestTimeout).toMillis()
              + " ms)");
    }
  }

  /**
   * The producers' {@code max.request.size} unless a client property sets it: {@link
   * #maxRecordBytes()}, but never below Kafka's default.
   */
  public int maxRequestSize() {
    return Math.max(maxRecordBytes, KAFKA_DEFAULT_MAX_REQUEST_SIZE);
  }

  private static void requireMillis(Duration value, String name, long min) {
    if (value.toMillis() < min || value.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " ms and " + Integer.MAX_VALUE + " ms, was " + value);
    }
  }
}
