package io.eventgateway.kafka.monitor;

import io.eventgateway.kafka.KafkaConnection;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link KafkaClusterMonitor} observes the cluster.
 *
 * @param connection the cluster and its client settings
 * @param interval the time from the end of one refresh to the start of the next (at least 100 ms;
 *     default {@value #DEFAULT_INTERVAL_SECONDS} s)
 * @param timeout the longest one refresh may take, all its requests and reads together (at least
 *     100 ms, at most {@link Integer#MAX_VALUE} ms; default {@value #DEFAULT_TIMEOUT_SECONDS} s)
 * @param maxTimeLagLookups the most distinct (partition, committed offset) pairs whose record one
 *     refresh reads to compute time lags, the largest lags first; the others get no time lag. 0
 *     turns time lags off (default {@value #DEFAULT_MAX_TIME_LAG_LOOKUPS})
 */
public record KafkaClusterMonitorSettings(
    KafkaConnection connection, Duration interval, Duration timeout, int maxTimeLagLookups) {
  private static final Duration MINIMUM = Duration.ofMillis(100);

  public KafkaClusterMonitorSettings {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    if (interval.compareTo(MINIMUM) < 0) {
      throw new IllegalArgumentException("interval must be at least 100 ms, was " + interval);
    }
    if (timeout.compareTo(MINIMUM) < 0 || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "timeout must be between 100 ms and " + Integer.MAX_VALUE + " ms, was " + timeout);
    }
    if (maxTimeLagLookups < 0) {
      throw new IllegalArgumentException(
          "maxTimeLagLookups must not be negative, was " + maxTimeLagLookups);
    }
  }
}
