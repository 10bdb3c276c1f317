package io.eventgateway.core.port.in;

import java.util.List;

/**
 * Publish many events to one stream; each event succeeds or fails on its own.
 *
 * @param stream the stream's name as the publisher gave it (not yet checked)
 * @param events the events, in the order their results are wanted
 */
public record PublishBatchCommand(String stream, List<EventDraft> events) {
  public PublishBatchCommand {
    stream = stream == null ? "" : stream;
    events = List.copyOf(events);
  }
}
