package io.eventgateway.app;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's parts in the order they started, closed in reverse: the one way the gateway stops,
 * after a failed start as after a drain. A part's close may use what is left of the shutdown's time
 * ({@link #remaining()}).
 *
 * <p>Not thread-safe: parts are added by the starting thread, and closed once, by one thread.
 */
final class ShutdownSequence {
  private static final Logger LOGGER = LoggerFactory.getLogger(ShutdownSequence.class);

  private final Deque<Part> parts = new ArrayDeque<>();
  private long deadlineNanos;

  private record Part(String name, AutoCloseable closer) {}

  /** Adds {@code part}, started now; returns it. */
  <T extends AutoCloseable> T add(String name, T part) {
    parts.push(new Part(name, part));
    return part;
  }

  /** Starts the clock: the shutdown may take {@code timeout} from now. */
  void begin(Duration timeout) {
    deadlineNanos = System.nanoTime() + timeout.toNanos();
  }

  /** What is left of the shutdown's time, never negative. */
  Duration remaining() {
    long left = deadlineNanos - System.nanoTime();
    return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
  }

  /**
   * Closes every part, the last started first. A part that fails to close is logged and the rest
   * are closed all the same.
   */
  void closeAll() {
    while (!parts.isEmpty()) {
      Part part = parts.pop();
      try {
        part.closer().close();
      } catch (Exception failed) {
        LOGGER.warn("while stopping {}: {}", part.name(), failed.toString(), failed);
      }
    }
  }
}
