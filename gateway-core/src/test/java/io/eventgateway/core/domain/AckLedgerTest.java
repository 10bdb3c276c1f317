package io.eventgateway.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgateway.core.domain.AckLedger.AckResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AckLedgerTest {
  private final AckLedger ledger = new AckLedger();

  @Test
  void commitsOnlyUpToTheFirstUnacknowledgedDelivery() {
    for (long offset = 0; offset < 5; offset++) {
      ledger.delivered(0, offset);
    }
    assertThat(ledger.acknowledge(0, 0)).isEqualTo(AckResult.ACKNOWLEDGED);
    assertThat(ledger.acknowledge(0, 1)).isEqualTo(AckResult.ACKNOWLEDGED);
    assertThat(ledger.acknowledge(0, 3)).isEqualTo(AckResult.ACKNOWLEDGED);

    assertThat(ledger.takeCommits()).isEqualTo(Map.of(0, 2L));
    assertThat(ledger.unacknowledged()).isEqualTo(2);

    assertThat(ledger.acknowledge(0, 2)).isEqualTo(AckResult.ACKNOWLEDGED);
    // 2 and 3 are both acknowledged now: the position jumps past them
    assertThat(ledger.takeCommits()).isEqualTo(Map.of(0, 4L));
    assertThat(ledger.takeCommits()).as("taken already").isEmpty();
  }

  @Test
  void gapsInTheLogDoNotHoldCommitsBack() {
    ledger.delivered(1, 10);
    ledger.delivered(1, 14); // 11 to 13 are not records (compacted, or transaction markers)
    ledger.acknowledge(1, 10);
    ledger.acknowledge(1, 14);

    assertThat(ledger.takeCommits()).isEqualTo(Map.of(1, 15L));
  }

  @Test
  void partitionsAreIndependent() {
    ledger.delivered(0, 0);
    ledger.delivered(1, 0);
    ledger.acknowledge(1, 0);

    assertThat(ledger.takeCommits()).isEqualTo(Map.of(1, 1L));
    assertThat(ledger.unacknowledged()).isEqualTo(1);
  }

  @Test
  void tellsNeverDeliveredFromAlreadyAcknowledged() {
    ledger.delivered(0, 5);
    ledger.acknowledge(0, 5);

    assertThat(ledger.acknowledge(0, 5)).isEqualTo(AckResult.IGNORED);
    assertThat(ledger.acknowledge(0, 6)).isEqualTo(AckResult.NEVER_DELIVERED);
    assertThat(ledger.acknowledge(2, 0)).isEqualTo(AckResult.NEVER_DELIVERED);
    assertThat(ledger.acknowledge(0, -1)).isEqualTo(AckResult.NEVER_DELIVERED);
    assertThat(ledger.unacknowledged()).isZero();
  }

  @Test
  void aReleasedPartitionIgnoresLateAcknowledgementsAndStartsAfreshWhenAssignedAgain() {
    ledger.delivered(0, 0);
    ledger.delivered(0, 1);
    ledger.delivered(0, 2);
    ledger.acknowledge(0, 0);

    assertThat(ledger.release(0)).as("the position not yet taken").isEqualTo(1L);
    assertThat(ledger.unacknowledged()).isZero();
    assertThat(ledger.acknowledge(0, 1)).isEqualTo(AckResult.IGNORED);
    assertThat(ledger.takeCommits()).isEmpty();

    // the group gives the partition back: delivery resumes from the committed offset
    ledger.delivered(0, 1);
    assertThat(ledger.unacknowledged()).isEqualTo(1);
    assertThat(ledger.acknowledge(0, 1)).isEqualTo(AckResult.ACKNOWLEDGED);
    assertThat(ledger.takeCommits()).isEqualTo(Map.of(0, 2L));
  }

  @Test
  void releasingWithNothingToCommitSaysSo() {
    ledger.delivered(0, 0);
    assertThat(ledger.release(0)).isEqualTo(-1L);
    assertThat(ledger.release(7)).isEqualTo(-1L);
  }
}
