package io.eventgateway.grpc.edge;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning logged at most once per interval, with the number of occurrences since the last one
 * logged: a client that is refused a thousand times a second costs the log one line. Thread-safe.
 */
final class RateLimitedLog {
  private final Logger logger;
  private final long intervalNanos;
  private final AtomicLong nextAllowedNanos = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  RateLimitedLog(Logger logger, Duration interval) {
    this.logger = logger;
    this.intervalNanos = interval.toNanos();
  }

  /** Logs {@code message} (an SLF4J pattern with {@code arguments}) unless logged too recently. */
  void warn(String message, Object... arguments) {
    long now = System.nanoTime();
    long next = nextAllowedNanos.get();
    if ((next != Long.MIN_VALUE && now - next < 0)
        || !nextAllowedNanos.compareAndSet(next, now + intervalNanos)) {
      suppressed.incrementAndGet();
      return;
    }
    long before = suppressed.getAndSet(0);
    if (logger.isWarnEnabled()) {
      logger.warn(
          message + (before > 0 ? " (and " + before + " more since the last such line)" : ""),
          arguments);
    }
  }
}
