package io.eventgateway.kafka.subscribe;

import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.Payload;
import io.eventgateway.core.domain.StreamClass;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.kafka.cloudevents.CloudEventRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes test events to chosen partitions with chosen record timestamps, as the gateway writes them
 * ({@link CloudEventRecords#toRecord}), and foreign records without any CloudEvents header.
 */
final class TestStreams implements AutoCloseable {
  private final Producer<byte[], byte[]> producer;

  TestStreams(String bootstrapServers) {
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG,
                "0"));
  }

  static StreamDefinition stream(String topic, int partitions) {
    return new StreamDefinition(
        topic,
        StreamClass.EVENTS,
        partitions,
        Durability.STANDARD,
        Duration.ofDays(1),
        (short) 1,
        1);
  }

  /** A full event: every context attribute, a content type, data and two extensions. */
  static Event event(String id) {
    return new Event(
        id,
        "/test/orders",
        "order.created",
        "order-" + id,
        Instant.parse("2024-05-01T12:00:00.123Z"),
        "application/json",
        Payload.copyOf(("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8)),
        Map.of("tenant", "acme", "traceparent", "00-" + id));
  }

  /** Writes {@code event} to {@code partition} with the record timestamp {@code timestamp}. */
  RecordMetadata write(String topic, int partition, Instant timestamp, Event event) {
    ProducerRecord<byte[], byte[]> asGatewayWrites = CloudEventRecords.toRecord(topic, event);
    return send(
        new ProducerRecord<>(
            topic,
            partition,
            timestamp.toEpochMilli(),
            asGatewayWrites.key(),
            asGatewayWrites.value(),
            asGatewayWrites.headers()));
  }

  /** Writes {@code event} to {@code partition}, stamped now. */
  RecordMetadata write(String topic, int partition, Event event) {
    return write(topic, partition, Instant.now(), event);
  }

  /** Writes a record another client might write: a key, a value, no headers. */
  RecordMetadata writeForeign(
      String topic, int partition, Instant timestamp, String key, String value) {
    return send(
        new ProducerRecord<>(
            topic,
            partition,
            timestamp.toEpochMilli(),
            key.getBytes(StandardCharsets.UTF_8),
            value.getBytes(StandardCharsets.UTF_8)));
  }

  /** Writes {@code count} events with ids {@code <prefix>-<partition>-<i>} to each partition. */
  void fill(String topic, int partitions, int count, String prefix) {
    for (int partition = 0; partition < partitions; partition++) {
      for (int i = 0; i < count; i++) {
        write(topic, partition, event(prefix + "-" + partition + "-" + i));
      }
    }
  }

  private RecordMetadata send(ProducerRecord<byte[], byte[]> record) {
    try {
      return producer.send(record).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException failed) {
      throw new IllegalStateException("cannot write to " + record.topic(), failed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", interrupted);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
