package io.eventgateway.core.port.out;

import io.eventgateway.core.domain.AckLedger;

/** An open read of a stream. Thread-safe. */
public interface EventFeed {

  /** Allows {@code deliveries} more deliveries to the listener. */
  void request(long deliveries);

  /** Acknowledges a delivery, see {@link AckLedger#acknowledge(int, long)}. */
  AckLedger.AckResult acknowledge(int partition, long offset);

  /**
   * Stops reading: commits what was acknowledged (with a group), leaves the group, then ends the
   * listener with no failure. Returns at once; idempotent.
   */
  void close();
}
