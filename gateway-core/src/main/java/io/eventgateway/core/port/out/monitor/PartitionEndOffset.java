package io.eventgateway.core.port.out.monitor;

import java.util.Objects;

/**
 * The end of one partition of a topic: the offset the next record will get.
 *
 * @param topic the topic's name
 * @param partition the partition number, from 0
 * @param endOffset the offset the next record will get, from 0
 */
public record PartitionEndOffset(String topic, int partition, long endOffset) {
  public PartitionEndOffset {
    Objects.requireNonNull(topic, "topic");
    if (partition < 0) {
      throw new IllegalArgumentException("partition must not be negative, was " + partition);
    }
    if (endOffset < 0) {
      throw new IllegalArgumentException("endOffset must not be negative, was " + endOffset);
    }
  }
}
