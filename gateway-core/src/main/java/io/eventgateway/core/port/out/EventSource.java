package io.eventgateway.core.port.out;

import io.eventgateway.core.domain.StreamDefinition;

/** Where streams are read from: the driven side of subscribing. */
public interface EventSource {

  /**
   * Starts reading {@code stream} as {@code spec} says, delivering to {@code listener}. The stream
   * is one the catalogue declares; whether its topic exists on the cluster is the source's to find
   * out.
   *
   * @throws EventSourceException {@code OUT_OF_RANGE} for a start offset outside a partition's log,
   *     a time in the future, or a partition the stream does not have; {@code NOT_FOUND} when the
   *     stream's topic does not exist on the cluster; {@code UNAVAILABLE} when the log cannot be
   *     reached in time; {@code FAILED} otherwise
   */
  EventFeed open(StreamDefinition stream, FeedSpec spec, FeedListener listener);
}
