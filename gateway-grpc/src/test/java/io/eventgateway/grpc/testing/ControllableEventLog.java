package io.eventgateway.grpc.testing;

import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.LogPosition;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.out.EventLog;
import io.eventgateway.core.testing.InMemoryEventLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An {@link EventLog} whose every acknowledgement the test gives, one by one and in any order, as
 * Kafka does across partitions. Places events as {@link InMemoryEventLog} does. The acknowledging
 * thread plays the log's I/O thread. Thread-safe.
 */
public final class ControllableEventLog implements EventLog {

  /** One append, with its place and its acknowledgement to give. */
  public record Append(Event event, LogPosition position, CompletableFuture<LogPosition> ack) {}

  private final List<Append> appends = new ArrayList<>();
  private final Map<String, Long> nextOffsets = new HashMap<>();

  @Override
  public synchronized CompletionStage<LogPosition> append(StreamDefinition stream, Event event) {
    int partition = InMemoryEventLog.partitionOf(event.entityKey(), stream.partitions());
    long offset = nextOffsets.merge(stream.name() + "/" + partition, 1L, Long::sum) - 1;
    Append append =
        new Append(event, new LogPosition(partition, offset), new CompletableFuture<>());
    appends.add(append);
    return append.ack();
  }

  public synchronized int appendCount() {
    return appends.size();
  }

  /** The append made {@code index}-th, from 0. */
  public synchronized Append append(int index) {
    return appends.get(index);
  }

  /** Acknowledges the {@code index}-th append, on the calling thread. */
  public void acknowledge(int index) {
    Append append = append(index);
    append.ack().complete(append.position());
  }
}
