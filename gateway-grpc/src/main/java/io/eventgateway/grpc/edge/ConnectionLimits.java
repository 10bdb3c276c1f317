package io.eventgateway.grpc.edge;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The count of open connections, in total and per client address, against their limits. A
 * connection is {@linkplain #tryOpen admitted} before HTTP/2 starts on it and {@linkplain #closed
 * released} when it closes. Thread-safe: the event loops of all connections call it.
 */
final class ConnectionLimits {
  private final int maxConnections;
  private final int maxPerAddress;
  private final EdgeCounters counters;
  private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

  /** Guards {@link #open} together with {@link #perAddress}'s entries. */
  private final Object lock = new Object();

  private int open;

  ConnectionLimits(int maxConnections, int maxPerAddress, EdgeCounters counters) {
    this.maxConnections = maxConnections;
    this.maxPerAddress = maxPerAddress;
    this.counters = counters;
  }

  /**
   * Admits a connection from {@code address} when both limits allow it.
   *
   * @return empty when admitted (then {@link #closed} must follow), else the key of the limit that
   *     refused it
   */
  Optional<String> tryOpen(InetAddress address) {
    synchronized (lock) {
      if (open >= maxConnections) {
        counters.refused(EdgeSettings.MAX_CONNECTIONS_KEY);
        return Optional.of(EdgeSettings.MAX_CONNECTIONS_KEY);
      }
      int fromAddress = perAddress.getOrDefault(address, 0);
      if (fromAddress >= maxPerAddress) {
        counters.refused(EdgeSettings.MAX_CONNECTIONS_PER_ADDRESS_KEY);
        return Optional.of(EdgeSettings.MAX_CONNECTIONS_PER_ADDRESS_KEY);
      }
      open++;
      perAddress.put(address, fromAddress + 1);
    }
    counters.connectionOpened();
    return Optional.empty();
  }

  /** Releases a connection {@link #tryOpen} admitted. */
  void closed(InetAddress address) {
    synchronized (lock) {
      open--;
      perAddress.computeIfPresent(address, (a, count) -> count == 1 ? null : count - 1);
    }
    counters.connectionClosed();
  }

  /** Connections open from {@code address}. */
  int open(InetAddress address) {
    return perAddress.getOrDefault(address, 0);
  }
}
