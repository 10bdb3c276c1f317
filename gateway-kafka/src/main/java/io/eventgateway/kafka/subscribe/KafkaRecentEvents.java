package io.eventgateway.kafka.subscribe;

import io.eventgateway.core.domain.Delivery;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.out.EventSourceException;
import io.eventgateway.core.port.out.RecentEvents;
import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.kafka.cloudevents.CloudEventRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the tail of a stream's partitions with a consumer of its own (no group, nothing committed):
 * from the first record at or after a time, or the last {@code maxPerPartition} records, whichever
 * is later, to the end each partition had when reading began.
 */
public final class KafkaRecentEvents implements RecentEvents {
  private final KafkaConnection connection;
  private final Duration timeout;

  /**
   * @param timeout the longest one read of a stream may take
   */
  public KafkaRecentEvents(KafkaConnection connection, Duration timeout) {
    this.connection = connection;
    this.timeout = timeout;
  }

  @Override
  public void read(
      StreamDefinition stream, Instant since, int maxPerPartition, Consumer<Delivery> found) {
    read(stream.name(), since, maxPerPartition, found);
  }

  /** As {@link #read(StreamDefinition, Instant, int, Consumer)}, for any topic. */
  public void read(String topic, Instant since, int maxPerPartition, Consumer<Delivery> found) {
    Map<String, Object> config = connection.clientConfig();
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, timeout).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      Map<TopicPartition, Long> query = new HashMap<>();
      partitions.forEach(p -> query.put(p, since.toEpochMilli()));
      Map<TopicPartition, OffsetAndTimestamp> atTime = consumer.offsetsForTimes(query, timeout);
      for (TopicPartition partition : partitions) {
        long end = ends.get(partition);
        OffsetAndTimestamp first = atTime.get(partition);
        long fromTime = first == null ? end : first.offset();
        consumer.seek(partition, Math.max(fromTime, Math.max(0, end - maxPerPartition)));
      }
      while (!reachedEnd(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new EventSourceException(
              EventSourceException.Kind.UNAVAILABLE,
              "could not read the last events of stream '"
                  + topic
                  + "' within "
                  + timeout.toSeconds()
                  + " s");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
            found.accept(
                new Delivery(
                    CloudEventRecords.fromRecord(record),
                    topic,
                    record.partition(),
                    record.offset(),
                    Instant.ofEpochMilli(record.timestamp())));
          }
        }
      }
    } catch (KafkaException failed) {
      throw new EventSourceException(
          EventSourceException.Kind.UNAVAILABLE,
          "could not read the last events of stream '" + topic + "': " + failed,
          failed);
    }
  }

  private static boolean reachedEnd(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }
}
