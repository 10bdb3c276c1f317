package io.eventgateway.core.domain;

/**
 * Where an event was written: a partition of a stream and its offset in that partition.
 *
 * @param partition the partition number, from 0
 * @param offset the offset within the partition, from 0
 */
public record LogPosition(int partition, long offset) {
  public LogPosition {
    if (partition < 0) {
      throw new IllegalArgumentException("partition must not be negative, was " + partition);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, was " + offset);
    }
  }
}
