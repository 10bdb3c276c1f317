package io.eventgateway.kafka.subscribe;

/**
 * How long a feed waits before its next turn on the poller: not at all after a turn that moved
 * records; while it waits for records, from {@code first} doubling up to {@code longest}, so a
 * quiet feed costs a poll per {@code longest} and a feed that just moved records catches the next
 * fetch soon; {@code longest} while its client may take nothing (the client's requests wake it).
 * Not thread-safe: the feed's poller uses it.
 */
final class IdleBackoff {
  private final long first;
  private final long longest;
  private long next;

  /**
   * @param first the first wait, in nanoseconds, at least 1
   * @param longest the longest wait, in nanoseconds, at least {@code first}
   */
  IdleBackoff(long first, long longest) {
    if (first < 1 || longest < first) {
      throw new IllegalArgumentException(
          "need 1 <= first <= longest, were " + first + " and " + longest);
    }
    this.first = first;
    this.longest = longest;
    this.next = first;
  }

  /**
   * The wait after a turn, in nanoseconds.
   *
   * @param moved whether the turn delivered or polled any record
   * @param mayDeliver whether the client may take a delivery now
   */
  long after(boolean moved, boolean mayDeliver) {
    if (moved) {
      next = first;
      return 0;
    }
    if (!mayDeliver) {
      return longest;
    }
    long wait = next;
    next = Math.min(next * 2, longest);
    return wait;
  }
}
