package io.eventgateway.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class SubscriberBudgetTest {
  private static final int MIB = 1024 * 1024;

  @Test
  void smallRecordsShareTheBudget() {
    SubscriberBudget budget = new SubscriberBudget(4L * MIB, 1024);

    assertThat(budget.fetchBytes()).isEqualTo(2 * MIB);
    assertThat(budget.recordsPerPoll()).isEqualTo(1024);
    assertThat(budget.transportBytes()).isEqualTo(MIB);
    assertThat(budget.worstCaseBytes())
        .isEqualTo(
            2L * MIB + 1024 + MIB + MIB + 2 * 1024 + SubscriberBudget.TRANSPORT_THRESHOLD_BYTES);
  }

  @Test
  void aRecordLargerThanItsShareCountsWhole() {
    // the gateway's defaults: 4 MiB, records up to about 1.42 MiB
    int record = 1_489_000;
    SubscriberBudget budget = new SubscriberBudget(4L * MIB, record);

    assertThat(budget.recordsPerPoll()).isEqualTo(1);
    assertThat(budget.transportBytes()).isEqualTo(MIB);
    assertThat(budget.worstCaseBytes())
        .isEqualTo(3L * MIB + 4L * record + SubscriberBudget.TRANSPORT_THRESHOLD_BYTES);
  }

  @Test
  void theSmallestBudgetStillMovesOneRecordAtATime() {
    SubscriberBudget budget = new SubscriberBudget(1, 10);

    assertThat(budget.fetchBytes()).isEqualTo(1);
    assertThat(budget.recordsPerPoll()).isEqualTo(1);
    assertThat(budget.transportBytes()).isEqualTo(1);
  }

  @Test
  void theWorstCaseNeverExceedsTheBudgetPlusFourRecords() {
    for (long bytes : new long[] {1, 1000, 4L * MIB, 64L * MIB, Integer.MAX_VALUE}) {
      for (int record : new int[] {1, 100, MIB, 8 * MIB}) {
        SubscriberBudget budget = new SubscriberBudget(bytes, record);
        assertThat(budget.worstCaseBytes())
            .as("budget %d, records of %d", bytes, record)
            .isLessThanOrEqualTo(
                Math.max(bytes, 4) + 4L * record + SubscriberBudget.TRANSPORT_THRESHOLD_BYTES);
      }
    }
  }

  @Test
  void refusesWhatCannotBeAFetchSize() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SubscriberBudget(0, 1))
        .withMessageContaining("maxBufferedBytes");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SubscriberBudget(Integer.MAX_VALUE + 1L, 1))
        .withMessageContaining("maxBufferedBytes");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SubscriberBudget(1, 0))
        .withMessageContaining("maxRecordBytes");
  }
}
