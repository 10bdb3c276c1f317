package io.eventgateway.core.port.out;

import io.eventgateway.core.domain.AckLedger;

/** An open read of a stream. Thread-safe. */
public interface EventFeed {

  /**
   * Allows {@code deliveries} more deliveries to the listener, on top of those allowed before (the
   * sum saturates at {@link Long#MAX_VALUE}). {@code request(0)} does nothing.
   *
   * @throws IllegalArgumentException when {@code deliveries} is negative
   */
  void request(long deliveries);

  /** Acknowledges a delivery, see {@link AckLedger#acknowledge(int, long)}. */
  AckLedger.AckResult acknowledge(int partition, long offset);

  /**
   * Stops reading: commits what was acknowledged (with a group), leaves the group, then ends the
   * listener with no failure. Returns at once; idempotent.
   */
  void close();
}
