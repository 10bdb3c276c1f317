package io.eventgateway.core.domain;

/**
 * Replication every stream gets unless it declares its own: RF 3 and min.insync.replicas 2 on a
 * production cluster, 1 and 1 on the embedded single broker.
 *
 * @param replicationFactor copies of each partition
 * @param minInsyncReplicas copies that must have a critical event before it is acknowledged
 */
public record ReplicationPolicy(short replicationFactor, int minInsyncReplicas) {
  public static final ReplicationPolicy PRODUCTION = new ReplicationPolicy((short) 3, 2);
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
