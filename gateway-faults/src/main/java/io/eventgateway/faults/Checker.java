package io.eventgateway.faults;

import io.eventgateway.faults.Ledger.Entry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares what a client was told ({@link Ledger}) with what a stream's topic holds, the way
 * Jepsen's checkers and Kafka's own replication tests do: every record of every partition is read
 * back and each event is accounted for.
 *
 * <p>Stateless.
 */
public final class Checker {

  /**
   * One record read back from the topic.
   *
   * @param id the event id ({@code ce_id} header)
   * @param subject the event's subject (the record key)
   * @param sequence the client's per-subject sequence number carried in the event
   */
  public record Stored(int partition, long offset, String id, String subject, long sequence) {}

  /**
   * What the comparison found.
   *
   * @param sent events the client sent
   * @param acknowledged events the gateway acknowledged
   * @param lost acknowledged events that are not in the topic (ids, sorted)
   * @param misplaced acknowledged events found, but not at the partition and offset the gateway
   *     returned (ids, sorted)
   * @param duplicateRecords records beyond the first of their id (raw duplicates)
   * @param duplicatedIds ids that have more than one record
   * @param orderViolations acknowledged events of one subject whose first record comes before that
   *     of the acknowledged event of the next lower sequence number, or in another partition. Only
   *     events acknowledged on their first send count: a client's retry of an unknown outcome is a
   *     new write, after whatever was written meanwhile
   * @param failedYetPresent events the gateway called definitely not written that are in the topic
   *     (ids, sorted)
   * @param unknown events whose outcome the client never learned (unknown or no answer)
   * @param unknownPresent of those, the ones in the topic
   */
  public record Report(
      long sent,
      long acknowledged,
      List<String> lost,
      List<String> misplaced,
      long duplicateRecords,
      long duplicatedIds,
      long orderViolations,
      List<String> failedYetPresent,
      long unknown,
      long unknownPresent) {

    /** No acknowledged event lost or misplaced, out of order, or written after a definite "no". */
    public boolean safe() {
      return lost.isEmpty()
          && misplaced.isEmpty()
          && orderViolations == 0
          && failedYetPresent.isEmpty();
    }
  }

  private Checker() {}

  /** Accounts for every event of {@code ledger} in {@code stored}, the whole topic. */
  public static Report check(Ledger ledger, List<Stored> stored) {
    Map<String, Stored> first = new HashMap<>();
    Map<String, Integer> copies = new HashMap<>();
    Map<Position, String> idAt = new HashMap<>();
    List<Stored> inLogOrder = new ArrayList<>(stored);
    inLogOrder.sort(Comparator.comparingInt(Stored::partition).thenComparingLong(Stored::offset));
    for (Stored record : inLogOrder) {
      first.putIfAbsent(record.id(), record);
      idAt.put(new Position(record.partition(), record.offset()), record.id());
      copies.merge(record.id(), 1, Integer::sum);
    }
    long duplicateRecords = copies.values().stream().mapToLong(c -> c - 1L).sum();
    long duplicatedIds = copies.values().stream().filter(c -> c > 1).count();

    List<String> lost = new ArrayList<>();
    List<String> misplaced = new ArrayList<>();
    List<String> failedYetPresent = new ArrayList<>();
    long sent = 0;
    long acknowledged = 0;
    long unknown = 0;
    long unknownPresent = 0;
    Map<String, TreeMap<Long, Stored>> acknowledgedBySubject = new HashMap<>();
    for (Entry entry : ledger.entries()) {
      sent++;
      Stored found = first.get(entry.id());
      switch (entry.outcome()) {
        case ACKNOWLEDGED -> {
          acknowledged++;
          if (found == null) {
            lost.add(entry.id());
          } else {
            if (!entry.id().equals(idAt.get(new Position(entry.partition(), entry.offset())))) {
              misplaced.add(entry.id());
            }
            if (!entry.retried()) {
              acknowledgedBySubject
                  .computeIfAbsent(entry.subject(), s -> new TreeMap<>())
                  .put(entry.sequence(), found);
            }
          }
        }
        case FAILED -> {
          if (found != null) {
            failedYetPresent.add(entry.id());
          }
        }
        case UNKNOWN, SENT -> {
          unknown++;
          if (found != null) {
            unknownPresent++;
          }
        }
      }
    }
    long orderViolations = 0;
    for (TreeMap<Long, Stored> bySequence : acknowledgedBySubject.values()) {
      Stored previous = null;
      for (Stored record : bySequence.values()) {
        if (previous != null && outOfOrder(previous, record)) {
          orderViolations++;
        }
        previous = record;
      }
    }
    lost.sort(null);
    misplaced.sort(null);
    failedYetPresent.sort(null);
    return new Report(
        sent,
        acknowledged,
        lost,
        misplaced,
        duplicateRecords,
        duplicatedIds,
        orderViolations,
        failedYetPresent,
        unknown,
        unknownPresent);
  }

  /**
   * Whether {@code later}, the record of a higher sequence number, breaks the order after {@code
   * earlier}: it comes before it in the partition, or it is in another partition (a subject's
   * events must all be in one).
   */
  private static boolean outOfOrder(Stored earlier, Stored later) {
    return later.partition() != earlier.partition() || later.offset() < earlier.offset();
  }

  private record Position(int partition, long offset) {}
}
