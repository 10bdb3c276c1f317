package io.eventgateway.kafka.monitor;

import io.eventgateway.core.port.out.monitor.ClusterMonitor.RefreshError;
import io.eventgateway.core.port.out.monitor.ClusterObservation.Part;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of the cluster that the monitor's refreshes cannot observe: logs a part's failure once
 * at WARN when it starts and once at INFO when it ends, not at every refresh, and keeps the most
 * recent refresh's error for readers.
 *
 * <p>{@link #finish} is called by one refresh at a time; {@link #lastError} by any thread, without
 * blocking.
 */
final class PartFailures {
  // under the monitor's name, the one operators configure
  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaClusterMonitor.class);

  private final String bootstrapServers;
  private final Map<Part, String> failing = new EnumMap<>(Part.class); // by the refresh only
  private volatile RefreshError lastError;

  PartFailures(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Takes the failures of a refresh that has ended: logs the parts that started or stopped failing,
   * and makes them the last error (none when every part was observed).
   *
   * @param observed whether the refresh observed anything (else its error says it observed nothing)
   */
  void finish(Attempt attempt, boolean observed) {
    Map<Part, String> failures = attempt.failures();
    String started =
        failures.entrySet().stream()
            .filter(failure -> !failing.containsKey(failure.getKey()))
            .map(failure -> failure.getKey() + ": " + failure.getValue())
            .collect(Collectors.joining("; "));
    if (!started.isEmpty()) {
      LOGGER.warn(
          "cluster monitor: cannot observe parts of Kafka at {} (logged once until they recover): {}",
          bootstrapServers,
          started);
    }
    String recovered =
        failing.keySet().stream()
            .filter(part -> !failures.containsKey(part))
            .map(Part::name)
            .collect(Collectors.joining(", "));
    if (!recovered.isEmpty()) {
      LOGGER.info("cluster monitor: {} of Kafka at {} observed again", recovered, bootstrapServers);
    }
    failing.clear();
    failing.putAll(failures);
    if (failures.isEmpty()) {
      lastError = null;
    } else {
      String message =
          failures.entrySet().stream()
              .map(failure -> failure.getKey() + ": " + failure.getValue())
              .collect(Collectors.joining("; "));
      lastError =
          new RefreshError(
              attempt.observedAt(), observed ? message : "observed nothing: " + message);
    }
  }

  /** What the most recent refresh could not observe; empty when it observed every part. */
  Optional<RefreshError> lastError() {
    return Optional.ofNullable(lastError);
  }
}
