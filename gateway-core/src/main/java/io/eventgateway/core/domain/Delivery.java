package io.eventgateway.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * An event read from a stream, with where it is in the log.
 *
 * @param event the event as written
 * @param stream the stream it was read from
 * @param partition its partition
 * @param offset its offset in the partition
 * @param timestamp the log's timestamp of the record
 */
public record Delivery(Event event, String stream, int partition, long offset, Instant timestamp) {
  public Delivery {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
