package io.eventgateway.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DedupWindowTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  private final DedupWindow window = new DedupWindow(Duration.ofMinutes(5), 3);

  @Test
  void aNewIdIsClaimedAndItsResendIsAnsweredWithThePosition() {
    assertThat(window.claim("a", 7, T0)).isInstanceOf(DedupWindow.Claimed.class);
    window.written("a", new LogPosition(1, 42));

    assertThat(window.claim("a", 7, T0.plusSeconds(10)))
        .isEqualTo(new DedupWindow.AlreadyWritten(new LogPosition(1, 42)));
  }

  @Test
  void aResendWhileTheFirstIsBeingWrittenWaitsForItsOutcome() {
    window.claim("a", 7, T0);

    DedupWindow.Claim second = window.claim("a", 7, T0);

    assertThat(second).isInstanceOf(DedupWindow.BeingWritten.class);
    CompletableFuture<LogPosition> outcome =
        ((DedupWindow.BeingWritten) second).outcome().toCompletableFuture();
    assertThat(outcome).isNotDone();
    window.written("a", new LogPosition(0, 3));
    assertThat(outcome).isCompletedWithValue(new LogPosition(0, 3));
  }

  @Test
  void anotherEventWithTheIdIsAConflictWhetherWrittenOrBeingWritten() {
    window.claim("a", 7, T0);
    assertThat(window.claim("a", 8, T0)).isEqualTo(new DedupWindow.Conflict(Optional.empty()));

    window.written("a", new LogPosition(2, 9));
    assertThat(window.claim("a", 8, T0))
        .isEqualTo(new DedupWindow.Conflict(Optional.of(new LogPosition(2, 9))));
  }

  @Test
  void anEventNotWrittenIsForgottenAndItsWaitersGetTheFailure() {
    window.claim("a", 7, T0);
    CompletableFuture<LogPosition> waiting =
        ((DedupWindow.BeingWritten) window.claim("a", 7, T0)).outcome().toCompletableFuture();

    IllegalStateException failure = new IllegalStateException("Kafka said no");
    window.notWritten("a", failure);

    assertThat(waiting).isCompletedExceptionally();
    assertThat(window.claim("a", 7, T0)).isInstanceOf(DedupWindow.Claimed.class);
  }

  @Test
  void idsAreForgottenAfterTheWindowAndBeyondTheMostIdsOldestFirst() {
    window.claim("a", 1, T0);
    window.written("a", new LogPosition(0, 0));
    assertThat(window.claim("a", 2, T0.plus(Duration.ofMinutes(5)).plusSeconds(1)))
        .as("expired: a new event may use the id")
        .isInstanceOf(DedupWindow.Claimed.class);
    window.written("a", new LogPosition(0, 1));

    for (String id : new String[] {"b", "c", "d"}) {
      window.claim(id, 1, T0.plusSeconds(400));
      window.written(id, new LogPosition(0, 2));
    }

    assertThat(window.size()).isEqualTo(3);
    assertThat(window.claim("a", 2, T0.plusSeconds(400)))
        .as("the oldest of four was forgotten")
        .isInstanceOf(DedupWindow.Claimed.class);
  }

  @Test
  void anIdBeingWrittenIsNeverForgottenEvenBeyondTheMostIds() {
    window.claim("pending", 1, T0);
    for (String id : new String[] {"b", "c", "d", "e"}) {
      window.claim(id, 1, T0);
      window.written(id, new LogPosition(0, 1));
    }

    assertThat(window.claim("pending", 1, T0)).isInstanceOf(DedupWindow.BeingWritten.class);
  }

  @Test
  void eventsFoundInTheLogAreRememberedUnlessExpiredOrKnown() {
    window.remember("old", 1, new LogPosition(0, 0), T0.minus(Duration.ofMinutes(6)), T0);
    window.remember("recent", 1, new LogPosition(0, 1), T0.minusSeconds(30), T0);

    assertThat(window.claim("old", 1, T0)).isInstanceOf(DedupWindow.Claimed.class);
    assertThat(window.claim("recent", 1, T0))
        .isEqualTo(new DedupWindow.AlreadyWritten(new LogPosition(0, 1)));
  }
}
