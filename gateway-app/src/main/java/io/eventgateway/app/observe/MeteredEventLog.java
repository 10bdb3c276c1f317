package io.eventgateway.app.observe;

import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.LogPosition;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.out.EventLog;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The event log, timed: how long each written event took from the append (which hands it to the
 * Kafka producer) to Kafka's acknowledgement, per stream. Failed writes are counted by {@link
 * MeteredPublishing} with their status, not timed here. Thread-safe.
 */
public final class MeteredEventLog implements EventLog {
  private final EventLog delegate;
  private final PublishMeters meters;

  MeteredEventLog(EventLog delegate, PublishMeters meters) {
    this.delegate = delegate;
    this.meters = meters;
  }

  @Override
  public CompletionStage<LogPosition> append(StreamDefinition stream, Event event) {
    long started = System.nanoTime();
    Timer timer = meters.of(stream).kafkaWriteDuration;
    return delegate
        .append(stream, event)
        .whenComplete(
            (position, error) -> {
              if (error == null) {
                timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
              }
            });
  }
}
