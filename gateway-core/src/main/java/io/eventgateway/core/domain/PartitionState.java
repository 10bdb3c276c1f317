package io.eventgateway.core.domain;

import java.util.List;

/**
 * One partition of a stream as the cluster has it now.
 *
 * @param partition the partition number
 * @param startOffset the first retained offset
 * @param endOffset the offset the next event will get
 * @param leader the leader broker's id, -1 when the partition has none
 * @param replicas the brokers holding a replica
 * @param inSyncReplicas the replicas in sync with the leader
 */
public record PartitionState(
    int partition,
    long startOffset,
    long endOffset,
    int leader,
    List<Integer> replicas,
    List<Integer> inSyncReplicas) {
  public PartitionState {
    replicas = List.copyOf(replicas);
    inSyncReplicas = List.copyOf(inSyncReplicas);
  }
}
