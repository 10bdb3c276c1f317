package io.eventgateway.core.domain;

/**
 * How safely a stream's events are written before the publisher is acknowledged. Durability belongs
 * to the stream, never to a single event: one stream, one writer, so per-key order holds.
 */
public enum Durability {
  /** Acknowledged once the partition leader has the event. Fast; may lose events on leader loss. */
  STANDARD,
  /**
   * Acknowledged once every in-sync replica has the event, written idempotently so retries add no
   * duplicates and keep order. For audit logs and transactions.
   */
  CRITICAL
}
