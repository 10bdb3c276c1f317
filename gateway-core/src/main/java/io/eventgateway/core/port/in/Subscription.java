package io.eventgateway.core.port.in;

/** A client's handle on an open subscription. Thread-safe. */
public interface Subscription {

  /**
   * Allows {@code deliveries} more deliveries (on top of what was allowed before). The subscription
   * delivers nothing it was not allowed to, so a client that stops reading stops the reading.
   * {@code request(0)} does nothing; a negative count is refused with IllegalArgumentException.
   */
  void request(long deliveries);

  /**
   * Acknowledges a delivery; the group's committed offset on its partition advances once every
   * earlier delivery there was acknowledged. Acknowledging twice, or after the partition was taken
   * away by a rebalance, does nothing.
   *
   * @throws RequestRejectedException INVALID_ARGUMENT when the offset was never delivered here
   */
  void acknowledge(int partition, long offset);

  /** Ends the subscription, committing what was acknowledged. Idempotent. */
  void cancel();
}
