package io.eventgateway.core.port.out.monitor;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a consumer group is behind on one partition, in records and in time.
 *
 * @param topic the topic's name
 * @param partition the partition number, from 0
 * @param committedOffset the group's committed offset: the next record it will read
 * @param endOffset the partition's end offset: the offset the next record will get
 * @param lag the records not yet consumed: {@code max(0, endOffset - committedOffset)}
 * @param timeLag the age of the oldest record not yet consumed (the observation's time minus the
 *     timestamp of the first record at or after the committed offset, never negative); zero when
 *     the lag is 0; empty when it is not known: the record is gone (deleted by retention), it was
 *     not read in time, or the monitor's budget of reads was spent on larger lags
 */
public record GroupPartitionLag(
    String topic,
    int partition,
    long committedOffset,
    long endOffset,
    long lag,
    Optional<Duration> timeLag) {
  public GroupPartitionLag {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(timeLag, "timeLag");
    if (partition < 0) {
      throw new IllegalArgumentException("partition must not be negative, was " + partition);
    }
    if (committedOffset < 0 || endOffset < 0) {
      throw new IllegalArgumentException(
          "offsets must not be negative, were committed "
              + committedOffset
              + " and end "
              + endOffset);
    }
    if (lag != Math.max(0, endOffset - committedOffset)) {
      throw new IllegalArgumentException(
          "lag must be max(0, endOffset - committedOffset) = "
              + Math.max(0, endOffset - committedOffset)
              + ", was "
              + lag);
    }
    if (timeLag.isPresent() && timeLag.get().isNegative()) {
      throw new IllegalArgumentException("timeLag must not be negative, was " + timeLag.get());
    }
    if (lag == 0 && timeLag.isPresent() && !timeLag.get().isZero()) {
      throw new IllegalArgumentException(
          "a partition with nothing to consume has no time lag, was " + timeLag.get());
    }
  }

  /**
   * The lag of a group at {@code committedOffset} on a partition ending at {@code endOffset}; the
   * time lag is zero when nothing is left to consume, whatever {@code timeLag} says.
   */
  public static GroupPartitionLag of(
      String topic,
      int partition,
      long committedOffset,
      long endOffset,
      Optional<Duration> timeLag) {
    long lag = Math.max(0, endOffset - committedOffset);
    return new GroupPartitionLag(
        topic,
        partition,
        committedOffset,
        endOffset,
        lag,
        lag == 0 ? Optional.of(Duration.ZERO) : timeLag);
  }
}
