package io.eventgateway.core.port.in;

import io.eventgateway.core.domain.StartPosition;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to read a stream.
 *
 * @param stream the stream's name, as the client sent it
 * @param group the consumer group, empty for none
 * @param start where to start; {@code null} for the default (a group's committed offsets, or the
 *     end of the log without a group)
 * @param autoAck whether every delivery counts as acknowledged once handed to the client
 * @param maxUnacknowledged deliveries handed out but not acknowledged, at most; 0 for the default
 */
public record SubscribeCommand(
    String stream,
    Optional<String> group,
    StartPosition start,
    boolean autoAck,
    int maxUnacknowledged) {
  public SubscribeCommand {
    Objects.requireNonNull(group, "group");
  }
}
