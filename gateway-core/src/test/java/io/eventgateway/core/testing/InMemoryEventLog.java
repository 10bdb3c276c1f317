package io.eventgateway.core.testing;

import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.LogPosition;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.out.EventLog;
import io.eventgateway.core.port.out.EventLogException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An {@link EventLog} in memory, for tests of the core and of driving adapters. Partitions by the
 * entity key's hash; offsets count from 0 per partition.
 *
 * <p>It can hold acknowledgements back ({@link #holdAcknowledgements()}) to test flow control and
 * ordering, and fail appends on demand ({@link #failWith}). Thread-safe (one lock).
 */
public final class InMemoryEventLog implements EventLog {

  /** An event as stored, with its place. */
  public record StoredEvent(String stream, LogPosition position, Event event) {}

  private final Map<String, List<List<StoredEvent>>> partitions = new HashMap<>();
  private final Queue<Runnable> heldAcknowledgements = new ArrayDeque<>();
  private boolean holding;
  private EventLogException failure;
  private long appends;

  @Override
  public synchronized CompletionStage<LogPosition> append(StreamDefinition stream, Event event) {
    appends++;
    CompletableFuture<LogPosition> result = new CompletableFuture<>();
    if (failure != null) {
      EventLogException error = failure;
      return settle(() -> result.completeExceptionally(error), result);
    }
    List<List<StoredEvent>> streamPartitions =
        partitions.computeIfAbsent(stream.name(), name -> newPartitions(stream.partitions()));
    int partition = partitionOf(event.entityKey(), stream.partitions());
    List<StoredEvent> log = streamPartitions.get(partition);
    LogPosition position = new LogPosition(partition, log.size());
    log.add(new StoredEvent(stream.name(), position, event));
    return settle(() -> result.complete(position), result);
  }

  private CompletionStage<LogPosition> settle(
      Runnable completion, CompletableFuture<LogPosition> result) {
    if (holding) {
      heldAcknowledgements.add(completion);
    } else {
      completion.run();
    }
    return result;
  }

  /** From now on, acknowledgements wait until {@link #releaseAcknowledgements()}. */
  public synchronized void holdAcknowledgements() {
    holding = true;
  }

  /** Sends the held acknowledgements, in append order, and stops holding. */
  public void releaseAcknowledgements() {
    List<Runnable> release;
    synchronized (this) {
      holding = false;
      release = new ArrayList<>(heldAcknowledgements);
      heldAcknowledgements.clear();
    }
    release.forEach(Runnable::run);
  }

  /** Appends fail with {@code error} (and store nothing) until called with {@code null}. */
  public synchronized void failWith(EventLogException error) {
    this.failure = error;
  }

  /** Number of append calls so far, failed ones included. */
  public synchronized long appendCount() {
    return appends;
  }

  /** Number of acknowledgements being held. */
  public synchronized int heldCount() {
    return heldAcknowledgements.size();
  }

  /** Everything stored in {@code stream}, partition by partition, in offset order. */
  public synchronized List<StoredEvent> events(String stream) {
    return partitions.getOrDefault(stream, List.of()).stream().flatMap(List::stream).toList();
  }

  public static int partitionOf(String key, int partitionCount) {
    return Math.floorMod(key.hashCode(), partitionCount);
  }

  private static List<List<StoredEvent>> newPartitions(int count) {
    List<List<StoredEvent>> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(new ArrayList<>());
    }
    return list;
  }
}
