package io.eventgateway.kafka.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgateway.core.domain.AckLedger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.junit.jupiter.api.Test;

/** A group feed's commits against Kafka's {@link MockConsumer}, on the test's thread. */
class GroupCommitsTest {
  private final TopicPartition p0 = new TopicPartition("orders", 0);
  private final TopicPartition p1 = new TopicPartition("orders", 1);
  private final RecordingConsumer consumer = new RecordingConsumer();
  private final AckLedger ledger = new AckLedger();
  private final GroupCommits commits =
      new GroupCommits("esg-feed-orders-test", "orders", consumer, ledger, Duration.ofSeconds(1));

  private void deliverAndAcknowledge(int partition, long... offsets) {
    for (long offset : offsets) {
      ledger.delivered(partition, offset);
      ledger.acknowledge(partition, offset);
    }
  }

  @Test
  void commitsWithoutWaitingOnlyWhatAdvancedSinceTheLastCommit() {
    deliverAndAcknowledge(0, 0, 1);
    ledger.delivered(1, 0); // not acknowledged: nothing to commit on partition 1

    commits.commitAcknowledged();
    commits.commitAcknowledged();

    assertThat(consumer.asynchronous).containsExactly(Map.of(p0, 2L));
    assertThat(consumer.synchronous).isEmpty();
  }

  @Test
  void anAsynchronousCommitThatFailedIsCommittedAgainAtTheEnd() {
    consumer.failAsynchronous = true;
    deliverAndAcknowledge(0, 0);
    commits.commitAcknowledged();

    commits.commitFinal();

    assertThat(consumer.asynchronous).containsExactly(Map.of(p0, 1L));
    assertThat(consumer.synchronous).containsExactly(Map.of(p0, 1L));
  }

  @Test
  void revokedPartitionsCommitWhatWasAcknowledgedAndLostOnesNothing() {
    deliverAndAcknowledge(0, 0, 1);
    deliverAndAcknowledge(1, 0);
    ledger.delivered(1, 1);

    commits.revoked(List.of(p0));
    commits.lost(List.of(p1));
    commits.commitFinal();

    assertThat(consumer.synchronous).containsExactly(Map.of(p0, 2L));
    assertThat(ledger.unacknowledged()).as("released partitions count no more").isZero();
    assertThat(ledger.acknowledge(1, 1)).isEqualTo(AckLedger.AckResult.IGNORED);
  }

  /**
   * Records each commit as partition to offset; fails asynchronous ones when told to. (The mock's
   * {@code commitSync} commits through its {@code commitAsync}.)
   */
  private static final class RecordingConsumer extends MockConsumer<byte[], byte[]> {
    final List<Map<TopicPartition, Long>> asynchronous = new ArrayList<>();
    final List<Map<TopicPartition, Long>> synchronous = new ArrayList<>();
    boolean failAsynchronous;
    private boolean committingSynchronously;

    RecordingConsumer() {
      super("earliest");
    }

    @Override
    public synchronized void commitAsync(
        Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
      if (committingSynchronously) {
        super.commitAsync(offsets, callback);
        return;
      }
      asynchronous.add(plain(offsets));
      if (failAsynchronous) {
        callback.onComplete(offsets, new RebalanceInProgressException("rebalancing"));
      } else {
        super.commitAsync(offsets, callback);
      }
    }

    @Override
    public synchronized void commitSync(
        Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
      synchronous.add(plain(offsets));
      committingSynchronously = true;
      try {
        super.commitSync(offsets, timeout);
      } finally {
        committingSynchronously = false;
      }
    }

    private static Map<TopicPartition, Long> plain(Map<TopicPartition, OffsetAndMetadata> offsets) {
      Map<TopicPartition, Long> plain = new HashMap<>();
      offsets.forEach((partition, offset) -> plain.put(partition, offset.offset()));
      return plain;
    }
  }
}
