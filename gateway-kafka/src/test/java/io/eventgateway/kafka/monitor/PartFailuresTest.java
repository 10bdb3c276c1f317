package io.eventgateway.kafka.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgateway.core.port.out.monitor.ClusterMonitor.RefreshError;
import io.eventgateway.core.port.out.monitor.ClusterObservation.Part;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The last error is the most recent refresh's failed parts, and nothing once they recover. */
class PartFailuresTest {
  private final PartFailures failures = new PartFailures("localhost:1");

  @Test
  void noErrorBeforeAnyRefreshNorAfterOneThatObservedEveryPart() {
    assertThat(failures.lastError()).isEmpty();

    failures.finish(attempt(), true);

    assertThat(failures.lastError()).isEmpty();
  }

  @Test
  void theErrorNamesEachFailedPartWithItsFirstMessageAndWhenTheRefreshStarted() {
    Attempt attempt = attempt();
    attempt.fail(Part.LOG_DIRS, "not authorised");
    attempt.fail(Part.QUORUM, "not supported");
    attempt.fail(Part.LOG_DIRS, "a later message");

    failures.finish(attempt, true);

    // parts in their declared order, each with the first message it got
    assertThat(failures.lastError())
        .contains(
            new RefreshError(
                attempt.observedAt(), "QUORUM: not supported; LOG_DIRS: not authorised"));
  }

  @Test
  void aRefreshThatObservedNothingSaysSo() {
    Attempt attempt = attempt();
    attempt.fail(Part.BROKERS, "no answer");

    failures.finish(attempt, false);

    assertThat(failures.lastError().map(RefreshError::message))
        .contains("observed nothing: BROKERS: no answer");
  }

  @Test
  void theErrorIsTheMostRecentRefreshsAndGoesWhenThePartsRecover() {
    Attempt first = attempt();
    first.fail(Part.TOPICS, "timed out");
    first.fail(Part.GROUPS, "timed out");
    failures.finish(first, true);

    Attempt second = attempt();
    second.fail(Part.GROUPS, "still timed out");
    failures.finish(second, true);
    assertThat(failures.lastError())
        .contains(new RefreshError(second.observedAt(), "GROUPS: still timed out"));

    failures.finish(attempt(), true);
    assertThat(failures.lastError()).isEmpty();
  }

  private static Attempt attempt() {
    return new Attempt("localhost:1", Duration.ofSeconds(1));
  }
}
