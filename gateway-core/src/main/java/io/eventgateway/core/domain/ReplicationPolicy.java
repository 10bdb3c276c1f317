package io.eventgateway.core.domain;

/**
 * Replication every stream gets unless it declares its own: the configuration's on a cluster,
 * {@link #SINGLE_BROKER} on the embedded broker.
 *
 * @param replicationFactor copies of each partition
 * @param minInsyncReplicas copies that must have a critical event before it is acknowledged
 */
public record ReplicationPolicy(short replicationFactor, int minInsyncReplicas) {
  /** One replica, all a single broker can hold. */
  public static final ReplicationPolicy SINGLE_BROKER = new ReplicationPolicy((short) 1, 1);

  public ReplicationPolicy {
    if (replicationFactor < 1 || minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
      throw new IllegalArgumentException(
          "replication factor "
              + replicationFactor
              + " and min.insync.replicas "
              + minInsyncReplicas
              + " must be at least 1, with min.insync.replicas not above the replication factor");
    }
  }
}
