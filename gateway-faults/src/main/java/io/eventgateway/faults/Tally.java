package io.eventgateway.faults;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of what an attacker got, by outcome ({@code "RESOURCE_EXHAUSTED"}, {@code "acknowledged"},
 * {@code "closed at once"}).
 *
 * <p>Thread-safe.
 */
final class Tally {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  void count(String outcome) {
    counts.computeIfAbsent(outcome, o -> new LongAdder()).increment();
  }

  long of(String outcome) {
    LongAdder count = counts.get(outcome);
    return count == null ? 0 : count.sum();
  }

  /** The counts so far, by outcome in alphabetical order. */
  Map<String, Long> snapshot() {
    Map<String, Long> snapshot = new TreeMap<>();
    counts.forEach((outcome, count) -> snapshot.put(outcome, count.sum()));
    return snapshot;
  }
}
