package io.eventgateway.core.port.in;

import java.util.Objects;

/**
 * Publish one event to one stream.
 *
 * @param stream the stream's name as the publisher gave it (not yet checked)
 * @param event the event
 */
public record PublishCommand(String stream, EventDraft event) {
  public PublishCommand {
    stream = stream == null ? "" : stream;
    Objects.requireNonNull(event, "event");
  }
}
