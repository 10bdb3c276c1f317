package io.eventgateway.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a client knows about every event it sent: its id, subject and per-subject sequence number,
 * and what the gateway said became of it. The fault suite's client fills it while faults are
 * injected; {@link Checker} compares it with what Kafka holds afterwards.
 *
 * <p>An event's outcome only moves forward: {@link Outcome#SENT} (no answer yet) to one of the
 * three answers. A later answer for the same id (a client's retry of an unknown outcome) replaces
 * {@link Outcome#UNKNOWN} and {@link Outcome#SENT}, never an acknowledgement or a definite failure.
 *
 * <p>Thread-safe.
 */
public final class Ledger {

  /** What the client knows of one event. */
  public enum Outcome {
    /** Sent; no answer yet (a call that broke before its response leaves it here). */
    SENT,
    /** Acknowledged: Kafka has it, at the partition and offset the gateway returned. */
    ACKNOWLEDGED,
    /** Definitely not written: the gateway said so ({@code written: no}). */
    FAILED,
    /** The gateway said the outcome is unknown ({@code written: unknown}). */
    UNKNOWN
  }

  /**
   * One event as the client sent it and what it knows of it now.
   *
   * @param partition and {@code offset}: where the gateway said it wrote it; -1 unless acknowledged
   * @param retried whether it was sent more than once (a retry of an unknown outcome)
   */
  public record Entry(
      String id,
      String subject,
      long sequence,
      Outcome outcome,
      int partition,
      long offset,
      boolean retried) {

    Entry with(Outcome newOutcome, int newPartition, long newOffset) {
      return new Entry(id, subject, sequence, newOutcome, newPartition, newOffset, retried);
    }
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** The client is about to send the event, for the first time or again. */
  public void sent(String id, String subject, long sequence) {
    entries.merge(
        id,
        new Entry(id, subject, sequence, Outcome.SENT, -1, -1L, false),
        (known, fresh) ->
            new Entry(
                id,
                known.subject(),
                known.sequence(),
                known.outcome(),
                known.partition(),
                known.offset(),
                true));
  }

  /** The gateway acknowledged the event at {@code partition} and {@code offset}. */
  public void acknowledged(String id, int partition, long offset) {
    entries.computeIfPresent(
        id,
        (key, entry) ->
            entry.outcome() == Outcome.FAILED
                ? entry
                : entry.with(Outcome.ACKNOWLEDGED, partition, offset));
  }

  /** The gateway said the event was definitely not written. */
  public void failed(String id) {
    answer(id, Outcome.FAILED);
  }

  /** The gateway said the outcome is unknown. */
  public void unknown(String id) {
    answer(id, Outcome.UNKNOWN);
  }

  private void answer(String id, Outcome outcome) {
    entries.computeIfPresent(
        id,
        (key, entry) ->
            entry.outcome() == Outcome.SENT || entry.outcome() == Outcome.UNKNOWN
                ? entry.with(outcome, -1, -1L)
                : entry);
  }

  /** The entry of {@code id}, or null. */
  public Entry get(String id) {
    return entries.get(id);
  }

  /** Every entry, in no particular order. */
  public List<Entry> entries() {
    return new ArrayList<>(entries.values());
  }

  /** How many entries have {@code outcome}. */
  public long count(Outcome outcome) {
    return entries.values().stream().filter(e -> e.outcome() == outcome).count();
  }
}
