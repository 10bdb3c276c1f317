package io.eventgateway.core.port.out.monitor;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The health of one topic's partitions.
 *
 * @param topic the topic's name
 * @param partitions how many partitions it has
 * @param minInSyncReplicas the topic's effective {@code min.insync.replicas} (its own setting or
 *     the cluster's default); empty when it could not be read
 * @param underReplicated the partitions with fewer in-sync replicas than replicas
 * @param offline the partitions without a leader
 * @param underMinIsr the partitions with fewer in-sync replicas than {@code minInSyncReplicas}; 0
 *     when that is not known
 */
public record TopicHealth(
    String topic,
    int partitions,
    OptionalInt minInSyncReplicas,
    int underReplicated,
    int offline,
    int underMinIsr) {
  public TopicHealth {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(minInSyncReplicas, "minInSyncReplicas");
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must not be negative, was " + partitions);
    }
    checkCount("underReplicated", underReplicated, partitions);
    checkCount("offline", offline, partitions);
    checkCount("underMinIsr", underMinIsr, partitions);
    if (minInSyncReplicas.isEmpty() && underMinIsr != 0) {
      throw new IllegalArgumentException(
          "underMinIsr must be 0 when min.insync.replicas is not known, was " + underMinIsr);
    }
  }

  /** True when every partition has a leader and all its replicas in sync. */
  public boolean healthy() {
    return underReplicated == 0 && offline == 0 && underMinIsr == 0;
  }

  private static void checkCount(String name, int count, int partitions) {
    if (count < 0 || count > partitions) {
      throw new IllegalArgumentException(
          name + " must be between 0 and the " + partitions + " partitions, was " + count);
    }
  }
}
