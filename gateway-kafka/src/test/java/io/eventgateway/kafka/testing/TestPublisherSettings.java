package io.eventgateway.kafka.testing;

import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.kafka.publish.KafkaPublisherSettings;
import java.time.Duration;

/**
 * Producer settings for the adapter's tests: fixed values a test changes one at a time. They are
 * the tests' own, not the product's defaults, which the gateway's configuration model defines.
 */
public record TestPublisherSettings(
    KafkaConnection connection,
    String compression,
    Duration linger,
    int batchSize,
    Duration maxBlock,
    Duration deliveryTimeout,
    Duration requestTimeout,
    int maxRecordBytes) {

  /** snappy, 5 ms linger, 64 KiB batches, 5 s max block, 30 s delivery, 10 s request, 1 MiB. */
  public static TestPublisherSettings on(KafkaConnection connection) {
    return new TestPublisherSettings(
        connection,
        "snappy",
        Duration.ofMillis(5),
        65_536,
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        KafkaPublisherSettings.KAFKA_DEFAULT_MAX_REQUEST_SIZE);
  }

  public TestPublisherSettings withCompression(String value) {
    return new TestPublisherSettings(
        connection,
        value,
        linger,
        batchSize,
        maxBlock,
        deliveryTimeout,
        requestTimeout,
        maxRecordBytes);
  }

  public TestPublisherSettings withLinger(Duration value) {
    return new TestPublisherSettings(
        connection,
        compression,
        value,
        batchSize,
        maxBlock,
        deliveryTimeout,
        requestTimeout,
        maxRecordBytes);
  }

  public TestPublisherSettings withMaxBlock(Duration value) {
    return new TestPublisherSettings(
        connection,
        compression,
        linger,
        batchSize,
        value,
        deliveryTimeout,
        requestTimeout,
        maxRecordBytes);
  }

  public TestPublisherSettings withTimeouts(Duration delivery, Duration request) {
    return new TestPublisherSettings(
        connection, compression, linger, batchSize, maxBlock, delivery, request, maxRecordBytes);
  }

  public TestPublisherSettings withMaxRecordBytes(int bytes) {
    return new TestPublisherSettings(
        connection,
        compression,
        linger,
        batchSize,
        maxBlock,
        deliveryTimeout,
        requestTimeout,
        bytes);
  }

  /** The adapter's settings, checked as the adapter checks them. */
  public KafkaPublisherSettings build() {
    return new KafkaPublisherSettings(
        connection,
        compression,
        linger,
        batchSize,
        maxBlock,
        deliveryTimeout,
        requestTimeout,
        maxRecordBytes,
        KAFKA_DEFAULT_BUFFER_MEMORY);
  }

  /** Kafka's own default {@code buffer.memory}, 32 MiB. */
  private static final long KAFKA_DEFAULT_BUFFER_MEMORY = 32L << 20;
}
