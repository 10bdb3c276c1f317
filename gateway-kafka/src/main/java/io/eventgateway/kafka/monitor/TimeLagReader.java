package io.eventgateway.kafka.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the timestamp of the record at given offsets with one {@link KafkaConsumer} (no group,
 * nothing committed), for time lags.
 *
 * <p>All the partitions are read at once: each is sought to its lowest wanted offset, and the
 * records a poll returns answer every wanted offset they cover (the first record at or after an
 * offset is the one a group there reads next: offsets of compacted records and transaction markers
 * have none). When a partition's next wanted offset lies past what was returned, the partition is
 * sought there; so several groups at different offsets of one partition cost one read each at most,
 * fewer when they are close.
 *
 * <ul>
 *   <li>An offset below the partition's log start (its records deleted) has no answer: the consumer
 *       resets nothing ({@code auto.offset.reset=none}) and the offset is dropped.
 *   <li>An offset from which the partition holds no record up to its end offset (only transaction
 *       markers left) has nothing to consume: its time lag is zero.
 *   <li>Offsets not answered by the deadline have no answer.
 * </ul>
 *
 * <p>Not thread-safe, as the consumer is not; {@link #wakeup} is the exception. The consumer is
 * created on first use and kept across refreshes, with nothing assigned between them.
 */
final class TimeLagReader implements AutoCloseable {
  /** Records per poll: a few per partition are enough to answer close offsets. */
  static final int MAX_POLL_RECORDS = 100;

  /** Bytes per partition per fetch: one small batch is what is needed. */
  static final int MAX_PARTITION_FETCH_BYTES = 16 * 1024;

  /** Bytes per fetch, all partitions together: the memory a read may take. */
  static final int FETCH_MAX_BYTES = 1024 * 1024;

  private static final Duration POLL = Duration.ofMillis(200);

  private final Map<String, Object> config;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  /** A reader with the client settings {@code clientConfig} and its own (which win). */
  TimeLagReader(Map<String, Object> clientConfig) {
    Map<String, Object> own = new HashMap<>(clientConfig);
    own.remove(ConsumerConfig.GROUP_ID_CONFIG);
    own.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    own.put(ConsumerConfig.CLIENT_ID_CONFIG, "esg-cluster-monitor-time-lag");
    own.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    own.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    own.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    own.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    own.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(MAX_POLL_RECORDS));
    own.put(
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
        Integer.toString(MAX_PARTITION_FETCH_BYTES));
    own.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(FETCH_MAX_BYTES));
    own.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
    this.config = own;
  }

  /** A wanted offset of a partition. */
  record PartitionOffset(TopicPartition partition, long offset) {
    PartitionOffset {
      Objects.requireNonNull(partition, "partition");
    }
  }

  /**
   * The answers found by {@code deadline} (a {@link System#nanoTime}).
   *
   * @param wanted the offsets to read, each below its partition's end offset
   * @param endOffsets the end offset of each wanted partition
   * @param now the time that time lags are measured from
   */
  Result read(
      List<PartitionOffset> wanted,
      Map<TopicPartition, Long> endOffsets,
      Instant now,
      long deadline) {
    Map<PartitionOffset, Duration> found = new HashMap<>();
    Map<TopicPartition, TreeSet<Long>> pending = new HashMap<>();
    for (PartitionOffset offset : wanted) {
      pending.computeIfAbsent(offset.partition(), p -> new TreeSet<>()).add(offset.offset());
    }
    if (pending.isEmpty()) {
      return new Result(found, Optional.empty());
    }
    Optional<String> problem = Optional.empty();
    KafkaConsumer<byte[], byte[]> reader = consumer();
    try {
      reader.assign(pending.keySet());
      pending.forEach((partition, offsets) -> reader.seek(partition, offsets.first()));
      while (!pending.isEmpty()) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          break;
        }
        List<TopicPartition> done = new ArrayList<>();
        try {
          ConsumerRecords<byte[], byte[]> records =
              reader.poll(Duration.ofNanos(Math.min(remaining, POLL.toNanos())));
          for (TopicPartition partition : records.partitions()) {
            TreeSet<Long> offsets = pending.get(partition);
            if (offsets == null) {
              continue;
            }
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
              while (!offsets.isEmpty() && offsets.first() <= record.offset()) {
                long offset = offsets.pollFirst();
                if (record.timestamp() >= 0) {
                  found.put(
                      new PartitionOffset(partition, offset),
                      nonNegative(Duration.between(Instant.ofEpochMilli(record.timestamp()), now)));
                }
              }
            }
          }
        } catch (OffsetOutOfRangeException gone) {
          // the records at these offsets were deleted: no time lag for them
          gone.offsetOutOfRangePartitions()
              .forEach(
                  (partition, offset) -> {
                    TreeSet<Long> offsets = pending.get(partition);
                    if (offsets != null) {
                      offsets.headSet(offset, true).clear();
                    }
                  });
        } catch (TopicAuthorizationException refused) {
          problem = Optional.of("reading records refused: " + refused.getMessage());
          pending.keySet().removeIf(p -> refused.unauthorizedTopics().contains(p.topic()));
        }
        for (Map.Entry<TopicPartition, TreeSet<Long>> entry : pending.entrySet()) {
          TopicPartition partition = entry.getKey();
          TreeSet<Long> offsets = entry.getValue();
          if (offsets.isEmpty()) {
            done.add(partition);
            continue;
          }
          long position = reader.position(partition, Duration.ofNanos(Math.max(1, remaining)));
          if (position >= endOffsets.get(partition)) {
            // nothing but transaction markers up to the end: nothing left to consume
            offsets.forEach(
                offset -> found.put(new PartitionOffset(partition, offset), Duration.ZERO));
            done.add(partition);
          } else if (offsets.first() > position) {
            reader.seek(partition, offsets.first());
          }
        }
        if (!done.isEmpty()) {
          done.forEach(pending::remove);
          if (!pending.isEmpty()) {
            // re-assigning keeps the positions of the partitions that stay
            reader.assign(pending.keySet());
          }
        }
      }
      if (!pending.isEmpty() && problem.isEmpty()) {
        int left = pending.values().stream().mapToInt(TreeSet::size).sum();
        problem =
            Optional.of(
                left
                    + " of "
                    + wanted.size()
                    + " records for time lags not read within the refresh's timeout");
      }
    } catch (WakeupException | InterruptException stopped) {
      problem = Optional.of("reading records for time lags stopped: the monitor is closing");
    } catch (KafkaException failed) {
      problem =
          Optional.of(
              "reading records for time lags failed: "
                  + failed.getClass().getSimpleName()
                  + ": "
                  + failed.getMessage());
    } finally {
      try {
        reader.unsubscribe();
      } catch (KafkaException ignored) {
        // closing or interrupted: the next read assigns afresh
      }
    }
    return new Result(found, problem);
  }

  /**
   * What {@link #read} found.
   *
   * @param timeLags the time lag of each offset answered
   * @param problem why some offsets were not answered, other than their records being deleted
   */
  record Result(Map<PartitionOffset, Duration> timeLags, Optional<String> problem) {
    Result {
      timeLags = Map.copyOf(timeLags);
    }
  }

  /** Makes a read in progress stop soon; thread-safe. */
  void wakeup() {
    KafkaConsumer<byte[], byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
  }

  @Override
  public void close() {
    if (consumer != null) {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      consumer = null;
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    if (consumer == null) {
      consumer = new KafkaConsumer<>(config);
    }
    return consumer;
  }

  private static Duration nonNegative(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }
}
