package io.eventgateway.bench;

import java.time.Duration;

/** One side's load generator: sends events until stopped, recording into a {@link Measurement}. */
interface Load extends AutoCloseable {
  /** Starts the sender threads. */
  void start();

  /** Stops sending and waits for the sender threads to end; events in flight stay in flight. */
  void stopSending() throws InterruptedException;

  /** Waits until every event sent has completed; false when {@code timeout} passed first. */
  default boolean awaitDrained(Measurement measurement, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (measurement.completed() < measurement.sent()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /** Releases what the load holds (producers, calls still open). */
  @Override
  void close();
}
