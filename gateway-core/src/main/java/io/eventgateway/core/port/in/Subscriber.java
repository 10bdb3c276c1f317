package io.eventgateway.core.port.in;

import io.eventgateway.core.domain.Delivery;
import java.util.Optional;

/**
 * Receives a subscription's deliveries: implemented by the driving adapter. Called from one thread
 * at a time per subscription, never from the client's own calls into {@link Subscription}.
 */
public interface Subscriber {

  /** The next delivery; only after {@link Subscription#request(long)} allowed it. */
  void onDelivery(Delivery delivery);

  /**
   * The subscription ended: with the failure, or empty when it was cancelled. Called once; nothing
   * is delivered after it.
   */
  void onEnd(Optional<RequestFailure> failure);
}
