package io.eventgateway.kafka.subscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class IdleBackoffTest {
  private final IdleBackoff backoff = new IdleBackoff(1, 10);

  @Test
  void aFeedWaitingForRecordsWaitsLongerAndLongerUpToTheLongest() {
    assertThat(backoff.after(false, true)).isEqualTo(1);
    assertThat(backoff.after(false, true)).isEqualTo(2);
    assertThat(backoff.after(false, true)).isEqualTo(4);
    assertThat(backoff.after(false, true)).isEqualTo(8);
    assertThat(backoff.after(false, true)).isEqualTo(10);
    assertThat(backoff.after(false, true)).isEqualTo(10);
  }

  @Test
  void aTurnThatMovedRecordsGoesAgainAtOnceAndStartsTheWaitsOver() {
    backoff.after(false, true);
    backoff.after(false, true);

    assertThat(backoff.after(true, true)).isZero();
    assertThat(backoff.after(false, true)).isEqualTo(1);
  }

  @Test
  void aFeedWhoseClientMayTakeNothingWaitsTheLongest() {
    assertThat(backoff.after(false, false)).isEqualTo(10);
    // and does not use up the short waits meanwhile
    assertThat(backoff.after(false, true)).isEqualTo(1);
  }

  @Test
  void refusesWaitsThatMakeNoSense() {
    assertThatIllegalArgumentException().isThrownBy(() -> new IdleBackoff(0, 10));
    assertThatIllegalArgumentException().isThrownBy(() -> new IdleBackoff(5, 4));
  }
}
