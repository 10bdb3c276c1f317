package io.eventgateway.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * When each event of one sender is meant to be sent. At a fixed rate the k-th event's intended send
 * time is {@code start + k / rate}, whatever happened to earlier events: a sender that falls behind
 * (because the window of events in flight is full, or it was descheduled) sends at once, and the
 * latency of the late events is still measured from their intended time. That is the correction for
 * coordinated omission: a stall counts against every event it held back, not only the one that met
 * it. In open loop (rate 0) the intended time is the moment a slot in the window frees up, so
 * latency there is service time under a full window, uncorrected.
 *
 * <p>One pacer per sender thread; not thread-safe.
 */
final class Pacer {
  private final long startNanos;
  private final double intervalNanos;
  private long next;

  /**
   * @param startNanos the {@link System#nanoTime()} of the first event
   * @param eventsPerSecond this sender's rate; 0 for open loop
   */
  Pacer(long startNanos, double eventsPerSecond) {
    if (eventsPerSecond < 0) {
      throw new IllegalArgumentException("rate must not be negative, was " + eventsPerSecond);
    }
    this.startNanos = startNanos;
    this.intervalNanos = eventsPerSecond == 0 ? 0 : 1e9 / eventsPerSecond;
  }

  boolean openLoop() {
    return intervalNanos == 0;
  }

  /** The intended send time of event {@code k} (from 0) at a fixed rate. */
  long intendedNanos(long k) {
    return startNanos + (long) (k * intervalNanos);
  }

  /**
   * Waits until the next event is due and returns its intended send time. In open loop it returns
   * at once with {@code nowNanos}.
   */
  long awaitNext(long nowNanos) {
    if (openLoop()) {
      return nowNanos;
    }
    long intended = intendedNanos(next++);
    for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
      LockSupport.parkNanos(wait);
    }
    return intended;
  }
}
