package io.eventgateway.kafka.subscribe;

import io.eventgateway.core.domain.AckLedger;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commits of a feed with a group: what the {@link AckLedger} says may be committed goes to the
 * group every commit interval without waiting ({@link #commitAcknowledged}), and waiting when
 * partitions are revoked ({@link #revoked}) and when the feed ends ({@link #commitFinal}). A
 * position handed to an asynchronous commit is kept until a synchronous one covered it, so a failed
 * asynchronous commit is not lost. Partitions revoked or lost are released from the ledger: their
 * next owner delivers their unacknowledged events again.
 *
 * <p>Feed thread only: it uses the feed's consumer, also from inside the consumer's rebalance
 * callbacks.
 */
final class GroupCommits {
  private static final Logger LOGGER = LoggerFactory.getLogger(GroupCommits.class);

  private final String feed;
  private final String topic;
  private final Consumer<byte[], byte[]> consumer;
  private final AckLedger ledger;
  private final Duration timeout;

  /** The last commit position handed to an asynchronous commit, per owned partition. */
  private final Map<Integer, Long> committing = new HashMap<>();

  /**
   * @param feed the feed's name, for the log
   * @param timeout how long a synchronous commit may take
   */
  GroupCommits(
      String feed,
      String topic,
      Consumer<byte[], byte[]> consumer,
      AckLedger ledger,
      Duration timeout) {
    this.feed = feed;
    this.topic = topic;
    this.consumer = consumer;
    this.ledger = ledger;
    this.timeout = timeout;
  }

  /** Commits, without waiting, the commit positions that advanced since the last commit. */
  void commitAcknowledged() {
    Map<Integer, Long> positions = ledger.takeCommits();
    if (positions.isEmpty()) {
      return;
    }
    committing.putAll(positions);
    consumer.commitAsync(
        offsets(positions),
        (offsets, error) -> {
          if (error != null) {
            LOGGER.debug(
                "feed {}: committing {} failed ({}); committed again on revocation or at the end",
                feed,
                offsets,
                FeedFailures.describe(error));
          }
        });
  }

  /** Commits, waiting, every commit position this feed took and owns. */
  void commitFinal() {
    Map<Integer, Long> positions = new HashMap<>(committing);
    positions.putAll(ledger.takeCommits());
    if (positions.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets(positions), timeout);
      committing.clear();
    } catch (KafkaException failed) {
      LOGGER.warn(
          "feed {}: cannot commit {} on stream {} ({}); the group will deliver acknowledged events"
              + " again",
          feed,
          positions,
          topic,
          FeedFailures.describe(failed));
    }
  }

  /** Releases revoked partitions and commits, waiting, what was acknowledged on them. */
  void revoked(Collection<TopicPartition> partitions) {
    Map<Integer, Long> positions = new HashMap<>();
    for (TopicPartition partition : partitions) {
      long uncommitted = ledger.release(partition.partition());
      Long handedOut = committing.remove(partition.partition());
      if (uncommitted >= 0) {
        positions.put(partition.partition(), uncommitted);
      } else if (handedOut != null) {
        positions.put(partition.partition(), handedOut);
      }
    }
    LOGGER.debug("feed {}: partitions {} revoked, committing {}", feed, partitions, positions);
    if (positions.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets(positions), timeout);
    } catch (KafkaException failed) {
      LOGGER.warn(
          "feed {}: cannot commit {} on stream {} while giving up partitions ({}); their next"
              + " owner will deliver acknowledged events again",
          feed,
          positions,
          topic,
          FeedFailures.describe(failed));
    }
  }

  /** Releases lost partitions: the group moved on, so nothing of theirs is committed. */
  void lost(Collection<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      ledger.release(partition.partition());
      committing.remove(partition.partition());
    }
  }

  private Map<TopicPartition, OffsetAndMetadata> offsets(Map<Integer, Long> positions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    positions.forEach(
        (partition, offset) ->
            offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata(offset)));
    return offsets;
  }
}
