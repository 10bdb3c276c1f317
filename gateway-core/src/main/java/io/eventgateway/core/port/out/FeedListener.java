package io.eventgateway.core.port.out;

import io.eventgateway.core.domain.Delivery;
import java.util.Optional;

/**
 * Receives what an {@link EventFeed} reads. Called from one thread at a time per feed, the feed's
 * reading thread: an implementation must not block, or the feed stops reading (and, in a group, may
 * be evicted for missing its poll deadline).
 */
public interface FeedListener {

  /** The next delivery; only when {@link EventFeed#request(long)} allowed it. */
  void onDelivery(Delivery delivery);

  /** The feed ended: with the failure, or empty when it was closed. Called once, last. */
  void onEnd(Optional<EventSourceException> failure);
}
