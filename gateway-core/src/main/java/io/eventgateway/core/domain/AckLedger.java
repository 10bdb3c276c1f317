package io.eventgateway.core.domain;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The deliveries of one subscription that await acknowledgement, and what may be committed.
 *
 * <p>Per partition, deliveries come in increasing offset order (not always consecutive: a log may
 * have gaps). A partition's commit position is the offset after the last delivery such that every
 * delivery up to it was acknowledged, so nothing unacknowledged is ever skipped by a commit.
 *
 * <p>Thread-safe: the reading thread records deliveries and takes commit positions, the client's
 * thread acknowledges.
 */
public final class AckLedger {

  /** What an acknowledgement did. */
  public enum AckResult {
    /** The delivery was pending and now counts as acknowledged. */
    ACKNOWLEDGED,
    /**
     * Nothing to do: the offset was acknowledged before, or its partition was taken from this
     * subscription (a rebalance), whose next owner delivers it again.
     */
    IGNORED,
    /** The offset was never delivered on this subscription. */
    NEVER_DELIVERED
  }

  private static final class PartitionLedger {
    /** Delivered offsets not yet behind the commit position, oldest first. */
    final ArrayDeque<long[]> pending = new ArrayDeque<>(); // {offset, acked 0/1}

    long highestDelivered = -1;
    long commitPosition = -1;
    boolean commitPending;
    boolean owned = true;
  }

  private final Map<Integer, PartitionLedger> partitions = new HashMap<>();
  private int unacknowledged;

  /** Records that {@code offset} of {@code partition} is being delivered. */
  public synchronized void delivered(int partition, long offset) {
    PartitionLedger ledger = partitions.computeIfAbsent(partition, p -> new PartitionLedger());
    if (!ledger.owned) {
      // assigned again after a rebalance: start afresh
      ledger.pending.clear();
      ledger.owned = true;
    }
    if (offset <= ledger.highestDelivered && !ledger.pending.isEmpty()) {
      throw new IllegalArgumentException(
          "partition "
              + partition
              + ": offset "
              + offset
              + " delivered after "
              + ledger.highestDelivered);
    }
    ledger.pending.addLast(new long[] {offset, 0});
    ledger.highestDelivered = offset;
    unacknowledged++;
  }

  /** Acknowledges {@code offset} of {@code partition}. */
  public synchronized AckResult acknowledge(int partition, long offset) {
    PartitionLedger ledger = partitions.get(partition);
    if (ledger == null || offset > ledger.highestDelivered || offset < 0) {
      return AckResult.NEVER_DELIVERED;
    }
    if (!ledger.owned) {
      return AckResult.IGNORED;
    }
    long[] entry = find(ledger, offset);
    if (entry == null || entry[1] == 1) {
      return AckResult.IGNORED;
    }
    entry[1] = 1;
    unacknowledged--;
    boolean advanced = false;
    while (!ledger.pending.isEmpty() && ledger.pending.peekFirst()[1] == 1) {
      ledger.commitPosition = ledger.pending.removeFirst()[0] + 1;
      advanced = true;
    }
    if (advanced) {
      ledger.commitPending = true;
    }
    return AckResult.ACKNOWLEDGED;
  }

  private static long[] find(PartitionLedger ledger, long offset) {
    // acknowledgements mostly come in order: search from the oldest
    for (long[] entry : ledger.pending) {
      if (entry[0] == offset) {
        return entry;
      }
      if (entry[0] > offset) {
        return null;
      }
    }
    return null;
  }

  /** Deliveries not yet acknowledged, over all owned partitions. */
  public synchronized int unacknowledged() {
    return unacknowledged;
  }

  /**
   * The commit positions that advanced since the last call (the offset to commit per partition),
   * and marks them taken.
   */
  public synchronized Map<Integer, Long> takeCommits() {
    Map<Integer, Long> commits = new HashMap<>();
    for (Map.Entry<Integer, PartitionLedger> entry : partitions.entrySet()) {
      PartitionLedger ledger = entry.getValue();
      if (ledger.commitPending && ledger.owned) {
        commits.put(entry.getKey(), ledger.commitPosition);
        ledger.commitPending = false;
      }
    }
    return commits;
  }

  /**
   * The partition was taken from this subscription: its pending deliveries no longer count, and
   * later acknowledgements of them are ignored. Returns the commit position not yet taken, or -1.
   */
  public synchronized long release(int partition) {
    PartitionLedger ledger = partitions.get(partition);
    if (ledger == null || !ledger.owned) {
      return -1;
    }
    for (Iterator<long[]> it = ledger.pending.iterator(); it.hasNext(); ) {
      if (it.next()[1] == 0) {
        unacknowledged--;
      }
    }
    ledger.pending.clear();
    ledger.owned = false;
    long uncommitted = ledger.commitPending ? ledger.commitPosition : -1;
    ledger.commitPending = false;
    return uncommitted;
  }
}
