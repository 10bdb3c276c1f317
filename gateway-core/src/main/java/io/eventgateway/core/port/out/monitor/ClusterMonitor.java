package io.eventgateway.core.port.out.monitor;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The log cluster as a monitor last observed it: its health and the lag of every consumer group on
 * it, refreshed in the background. For metrics and status pages, never for the event path.
 *
 * <p>Implementations are thread-safe and their methods never block.
 */
public interface ClusterMonitor {

  /**
   * The most recent observation, complete or partial (see {@link ClusterObservation#failures});
   * empty until the first refresh has observed something. Its {@link ClusterObservation#observedAt}
   * says how old it is: a refresh that observes nothing at all keeps the previous observation.
   */
  Optional<ClusterObservation> latest();

  /**
   * What went wrong in the most recent refresh: the parts it could not observe, or why it observed
   * nothing; empty when the most recent refresh observed every part.
   */
  Optional<RefreshError> lastError();

  /**
   * A refresh's problem.
   *
   * @param at when the refresh started
   * @param message what could not be observed and why, for people
   */
  record RefreshError(Instant at, String message) {
    public RefreshError {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(message, "message");
    }
  }
}
