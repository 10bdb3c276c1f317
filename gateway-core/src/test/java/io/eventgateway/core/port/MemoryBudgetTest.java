package io.eventgateway.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MemoryBudgetTest {

  @Test
  void reservesOnlyWhatFitsAndCountsWhatCameAnyway() {
    MemoryBudget budget = new MemoryBudget("memory.max-bytes", 100);

    assertThat(budget.tryReserve(60)).isTrue();
    assertThat(budget.tryReserve(41)).isFalse();
    assertThat(budget.tryReserve(40)).isTrue();
    assertThat(budget.full()).isTrue();
    budget.reserveAnyway(30);
    assertThat(budget.used()).isEqualTo(130);

    budget.release(130);
    assertThat(budget.used()).isZero();
    assertThat(budget.full()).isFalse();
  }

  @Test
  void wakesWaitersInOrderWhenWhatTheyWaitForFits() {
    MemoryBudget budget = new MemoryBudget("memory.max-bytes", 100);
    budget.reserveAnyway(100);
    List<String> woken = new ArrayList<>();
    budget.whenRoom(50, () -> woken.add("first"));
    budget.whenRoom(10, () -> woken.add("second"));
    assertThat(woken).isEmpty();

    budget.release(20); // 80 used: the first waits for 50, and the second waits behind it
    assertThat(woken).isEmpty();
    budget.release(30); // 50 used
    assertThat(woken).containsExactly("first", "second");

    budget.release(10);
    assertThat(woken).as("each waiter runs once").hasSize(2);
  }

  @Test
  void aWaiterForWhatFitsNowRunsAtOnce() {
    MemoryBudget budget = new MemoryBudget("memory.max-bytes", 100);
    budget.reserveAnyway(40);
    List<String> woken = new ArrayList<>();
    budget.whenRoom(60, () -> woken.add("now"));
    assertThat(woken).containsExactly("now");
  }

  @Test
  void staysExactUnderConcurrentUse() throws InterruptedException {
    MemoryBudget budget = new MemoryBudget("memory.max-bytes", 1_000);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    CountDownLatch done = new CountDownLatch(4);
    long[] peaks = new long[4];
    for (int t = 0; t < 4; t++) {
      int thread = t;
      threads.execute(
          () -> {
            for (int i = 0; i < 100_000; i++) {
              if (budget.tryReserve(7)) {
                peaks[thread] = Math.max(peaks[thread], budget.used());
                budget.release(7);
              }
            }
            done.countDown();
          });
    }
    assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
    threads.shutdown();
    assertThat(budget.used()).isZero();
    for (long peak : peaks) {
      assertThat(peak).isLessThanOrEqualTo(1_000);
    }
  }

  @Test
  void refusesNonsense() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MemoryBudget("memory.max-bytes", 0))
        .withMessage("memory.max-bytes must be positive, was 0");
    MemoryBudget budget = new MemoryBudget("memory.max-bytes", 10);
    assertThatIllegalArgumentException().isThrownBy(() -> budget.tryReserve(-1));
  }
}
