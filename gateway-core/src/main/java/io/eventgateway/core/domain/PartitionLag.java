package io.eventgateway.core.domain;

/**
 * How far a group is behind on one partition.
 *
 * @param partition the partition number
 * @param committedOffset the group's committed offset, -1 when it has none
 * @param endOffset the offset the next event will get
 * @param lag events not yet consumed: {@code endOffset - committedOffset}, or {@code endOffset -
 *     startOffset} when nothing is committed
 */
public record PartitionLag(int partition, long committedOffset, long endOffset, long lag) {

  /** The lag of a group at {@code committed} (-1: none) on a partition from start to end. */
  public static PartitionLag of(int partition, long committed, long startOffset, long endOffset) {
    long from = committed < 0 ? startOffset : committed;
    return new PartitionLag(partition, committed, endOffset, Math.max(0, endOffset - from));
  }
}
