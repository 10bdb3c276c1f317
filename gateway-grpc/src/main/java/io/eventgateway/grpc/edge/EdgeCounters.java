package io.eventgateway.grpc.edge;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the edge has refused and what it holds, for metrics: counters per limit (by its
 * configuration key), the connections open and the bytes of unfinished request messages on all
 * connections. Thread-safe; read by the metrics scrape while the event loops update it.
 */
public final class EdgeCounters {
  private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
  private final AtomicLong openConnections = new AtomicLong();
  private final AtomicLong unfinishedBytes = new AtomicLong();

  /** How often the limit of {@code key} refused a connection or ended a call. */
  public long refusals(String key) {
    LongAdder count = refusals.get(key);
    return count == null ? 0 : count.sum();
  }

  /** Connections open now (accepted and not yet closed). */
  public long openConnections() {
    return openConnections.get();
  }

  /** Bytes of partly received request messages on all connections now. */
  public long unfinishedBytes() {
    return unfinishedBytes.get();
  }

  void refused(String key) {
    refusals.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  void connectionOpened() {
    openConnections.incrementAndGet();
  }

  void connectionClosed() {
    openConnections.decrementAndGet();
  }

  /**
   * Takes {@code bytes} from the gateway-wide bound {@code max} when they fit.
   *
   * @return whether they did; nothing is taken when not
   */
  boolean tryHoldUnfinished(long bytes, long max) {
    while (true) {
      long held = unfinishedBytes.get();
      if (held + bytes > max) {
        return false;
      }
      if (unfinishedBytes.compareAndSet(held, held + bytes)) {
        return true;
      }
    }
  }

  void releaseUnfinished(long bytes) {
    unfinishedBytes.addAndGet(-bytes);
  }
}
