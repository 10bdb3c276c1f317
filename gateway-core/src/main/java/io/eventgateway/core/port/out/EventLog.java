package io.eventgateway.core.port.out;

import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.LogPosition;
import io.eventgateway.core.domain.StreamDefinition;
import java.util.concurrent.CompletionStage;

/**
 * The durable, partitioned, ordered log that events are written to.
 *
 * <p>Ordering: two appends of events with the same {@link Event#entityKey()} to the same stream,
 * made one after the other by any threads, land in the same partition in the order the calls were
 * made (the second call started after the first returned).
 *
 * <p>Threading: {@link #append} is thread-safe and does not wait for the write; it may block only
 * for a short, configured time when the log's buffers are full. The returned stage completes on an
 * I/O thread of the implementation: dependent actions must be quick and must not block.
 */
public interface EventLog {

  /**
   * Appends {@code event} to {@code stream}'s log with the stream's durability.
   *
   * @return a stage that completes with the event's position once the log has the event as durably
   *     as the stream requires, or exceptionally with an {@link EventLogException} that says
   *     whether the event was written
   */
  CompletionStage<LogPosition> append(StreamDefinition stream, Event event);
}
