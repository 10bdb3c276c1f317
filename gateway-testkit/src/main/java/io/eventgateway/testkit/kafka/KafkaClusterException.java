package io.eventgateway.testkit.kafka;

/**
 * A {@link KafkaCluster} operation failed: a node did not start, did not stop, did not come back,
 * or the cluster did not reach the state waited for in time. The message names the node and, where
 * a node's own output explains it, ends with the last lines of that node's log.
 */
public final class KafkaClusterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KafkaClusterException(String message) {
    super(message);
  }

  public KafkaClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
