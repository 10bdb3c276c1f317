package io.eventgateway.core.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The event ids recently published on one stream, so that an event sent again (a client's retry) is
 * not written twice. An id is remembered from the moment its event is taken until {@code window}
 * after that, for at most the {@code maxIds} most recent ids; what it holds:
 *
 * <ul>
 *   <li>an event being written: a second event with the id and the same {@linkplain
 *       EventFingerprint fingerprint} waits for the first one's outcome instead of being written;
 *   <li>an event written at a position: a second one with the same fingerprint is answered with
 *       that position;
 *   <li>either way, an event with the id and another fingerprint is a conflict.
 * </ul>
 *
 * An event that was not written (or whose outcome is unknown) is forgotten, so sending it again
 * writes it.
 *
 * <p>Thread-safe; every method holds the window's lock briefly and completes futures outside it.
 */
public final class DedupWindow {

  /** What a publish finds for its id. */
  public sealed interface Claim {}

  /** The id is new here: the caller writes the event and reports how that went. */
  public record Claimed() implements Claim {}

  /** An event with the id and the same content was written at {@code position}. */
  public record AlreadyWritten(LogPosition position) implements Claim {}

  /** An event with the id and the same content is being written; {@code outcome} completes. */
  public record BeingWritten(CompletionStage<LogPosition> outcome) implements Claim {}

  /**
   * A different event used the id.
   *
   * @param position where that event was written, empty while it is being written
   */
  public record Conflict(Optional<LogPosition> position) implements Claim {}

  private static final Claimed CLAIMED = new Claimed();

  private final Duration window;
  private final int maxIds;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

  /**
   * @param window how long an id is remembered (positive)
   * @param maxIds the most ids remembered; older ones are forgotten first (at least 1)
   */
  public DedupWindow(Duration window, int maxIds) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    if (maxIds < 1) {
      throw new IllegalArgumentException("maxIds must be at least 1, was " + maxIds);
    }
    this.window = window;
    this.maxIds = maxIds;
  }

  /**
   * What the window knows of {@code id}; when nothing (or only an expired entry), the id is now
   * claimed for an event of {@code fingerprint} being written, and the caller must report {@link
   * #written} or {@link #notWritten}.
   */
  public synchronized Claim claim(String id, long fingerprint, Instant now) {
    evict(now);
    Entry known = entries.get(id);
    if (known != null && !known.expired(now, window)) {
      if (known.fingerprint != fingerprint) {
        return new Conflict(Optional.ofNullable(known.position));
      }
      if (known.pending) {
        if (known.waiting == null) {
          known.waiting = new CompletableFuture<>();
        }
        return new BeingWritten(known.waiting);
      }
      return new AlreadyWritten(known.position);
    }
    entries.remove(id);
    entries.put(id, new Entry(fingerprint, now.toEpochMilli(), true, null));
    evict(now);
    return CLAIMED;
  }

  /** The event that claimed {@code id} was written at {@code position}. */
  public void written(String id, LogPosition position) {
    CompletableFuture<LogPosition> waiting;
    synchronized (this) {
      Entry entry = entries.get(id);
      if (entry == null || !entry.pending) {
        return;
      }
      waiting = entry.waiting;
      entry.pending = false;
      entry.waiting = null;
      entry.position = position;
    }
    if (waiting != null) {
      waiting.complete(position);
    }
  }

  /**
   * The event that claimed {@code id} was not written, or its outcome is unknown: the id is
   * forgotten, and events that waited for it get {@code failure}.
   */
  public void notWritten(String id, Throwable failure) {
    CompletableFuture<LogPosition> waiting;
    synchronized (this) {
      Entry entry = entries.get(id);
      if (entry == null || !entry.pending) {
        return;
      }
      entries.remove(id);
      waiting = entry.waiting;
    }
    if (waiting != null) {
      waiting.completeExceptionally(failure);
    }
  }

  /**
   * Remembers an event found in the log, written at {@code writtenAt}, when the window is rebuilt
   * (after a restart). An id the window already knows keeps what it has.
   */
  public synchronized void remember(
      String id, long fingerprint, LogPosition position, Instant writtenAt, Instant now) {
    Objects.requireNonNull(position, "position");
    if (entries.containsKey(id) || writtenAt.plus(window).isBefore(now)) {
      return;
    }
    entries.put(id, new Entry(fingerprint, writtenAt.toEpochMilli(), false, position));
    evict(now);
  }

  /** How many ids it remembers now. */
  public synchronized int size() {
    return entries.size();
  }

  /**
   * Forgets written ids that expired or are beyond {@code maxIds}, oldest first. It stops at an
   * event still being written, which keeps its id until it has an outcome.
   */
  private void evict(Instant now) {
    Iterator<Map.Entry<String, Entry>> oldestFirst = entries.entrySet().iterator();
    while (oldestFirst.hasNext()) {
      Entry oldest = oldestFirst.next().getValue();
      boolean tooMany = entries.size() > maxIds;
      if (oldest.pending || !(tooMany || oldest.expired(now, window))) {
        return;
      }
      oldestFirst.remove();
    }
  }

  /**
   * What the window knows of one id. Kept small, since a window holds many: the time as epoch
   * milliseconds, and the future for waiting resends only when one comes.
   */
  private static final class Entry {
    final long fingerprint;
    final long atMillis;
    boolean pending;
    CompletableFuture<LogPosition> waiting;
    LogPosition position;

    Entry(long fingerprint, long atMillis, boolean pending, LogPosition position) {
      this.fingerprint = fingerprint;
      this.atMillis = atMillis;
      this.pending = pending;
      this.position = position;
    }

    boolean expired(Instant now, Duration window) {
      return !pending && atMillis + window.toMillis() < now.toEpochMilli();
    }
  }
}
