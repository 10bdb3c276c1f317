package io.eventgateway.core.application;

import io.eventgateway.core.domain.Durability;
import java.time.Duration;

/**
 * Deduplication by event id: within {@code window}, an event whose id was already published on the
 * same stream with the same content is not written again; the publisher gets the first one's
 * position, marked as a duplicate. Only ids the publisher chose count (a generated id is new by
 * construction). See {@link io.eventgateway.core.domain.DedupWindow}.
 *
 * @param window how long an id is remembered; zero turns deduplication off
 * @param maxIdsPerStream the most ids remembered per stream, the oldest forgotten first: the window
 *     is the shorter of {@code window} and the stream's last {@code maxIdsPerStream} events with
 *     publisher-chosen ids. About 150 bytes of heap each
 */
public record Deduplication(Duration window, int maxIdsPerStream, boolean standardStreams) {
  /** No deduplication. */
  public static final Deduplication OFF = new Deduplication(Duration.ZERO, 1, false);

  public Deduplication {
    if (window.isNegative()) {
      throw new IllegalArgumentException("the deduplication window must not be negative");
    }
    if (maxIdsPerStream < 1) {
      throw new IllegalArgumentException(
          "maxIdsPerStream must be at least 1, was " + maxIdsPerStream);
    }
  }

  /** Whether ids are deduplicated at all. */
  public boolean enabled() {
    return !window.isZero();
  }

  /** Whether events of a stream of {@code durability} are deduplicated. */
  public boolean appliesTo(Durability durability) {
    return enabled() && (standardStreams || durability == Durability.CRITICAL);
  }
}
