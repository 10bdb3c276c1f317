package io.eventgateway.core.port.out;

import io.eventgateway.core.domain.StartPosition;
import java.util.Objects;
import java.util.Optional;

/**
 * How to read a stream.
 *
 * @param group the consumer group; empty to read every partition alone, committing nothing
 * @param start where to start. With a group: {@link StartPosition.Committed} or {@link
 *     StartPosition.Earliest} (committed offsets, the earliest event where there is none) or {@link
 *     StartPosition.Latest} (committed offsets, the end where there is none). Without a group: any
 *     position but {@code Committed}; {@link StartPosition.AtOffsets} reads only the partitions
 *     listed
 * @param autoAck whether each delivery counts as acknowledged once handed to the listener
 * @param maxUnacknowledged deliveries handed out and not acknowledged, at most (ignored with
 *     autoAck)
 */
public record FeedSpec(
    Optional<String> group, StartPosition start, boolean autoAck, int maxUnacknowledged) {
  public FeedSpec {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(start, "start");
    if (maxUnacknowledged < 1) {
      throw new IllegalArgumentException(
          "maxUnacknowledged must be positive, was " + maxUnacknowledged);
    }
  }
}
