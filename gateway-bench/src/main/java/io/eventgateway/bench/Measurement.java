package io.eventgateway.bench;

import io.eventgateway.api.v1.PublishResult;
import io.grpc.Status;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one side of a run counts: every event sent and completed (for the progress line and the
 * drain), and, for events whose intended send time falls in the measured window, the acknowledged
 * and failed counts, the data bytes acknowledged and an HdrHistogram of ack latency in microseconds
 * ({@code ack time - intended send time}, see {@link Pacer}). Thread-safe: senders and callbacks
 * record concurrently.
 */
final class Measurement {
  private final Recorder latencyMicros = new Recorder(3);
  private final LongAdder sent = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder measuredAcked = new LongAdder();
  private final LongAdder measuredFailed = new LongAdder();
  private final LongAdder measuredBytes = new LongAdder();
  private final Histogram total = new Histogram(3);
  private volatile long windowStart = Long.MAX_VALUE;
  private volatile long windowEnd = Long.MAX_VALUE;
  private volatile String firstFailure;

  /** Opens the measured window at {@code nanos}; events meant to be sent from then on count. */
  void openWindow(long nanos) {
    windowStart = nanos;
  }

  /** Closes the measured window at {@code nanos}; events meant to be sent later do not count. */
  void closeWindow(long nanos) {
    windowEnd = nanos;
  }

  void sent(int events) {
    sent.add(events);
  }

  /**
   * One event acknowledged at {@code ackNanos}; it was meant to be sent at {@code intendedNanos}.
   */
  void acked(long intendedNanos, long ackNanos, int dataBytes) {
    acked.increment();
    if (intendedNanos >= windowStart && intendedNanos < windowEnd) {
      measuredAcked.increment();
      measuredBytes.add(dataBytes);
      latencyMicros.recordValue(Math.max(0, (ackNanos - intendedNanos) / 1_000));
    }
  }

  /** One event failed ({@code reason} is kept for the first failure only). */
  /**
   * Counts the gateway's {@code result} for an event sent at {@code intendedNanos} with {@code
   * dataBytes} of data: acknowledged when its status is OK, failed with its status otherwise.
   */
  void result(PublishResult result, long intendedNanos, long ackNanos, int dataBytes) {
    if (result.getStatus().getCode() == Status.Code.OK.value()) {
      acked(intendedNanos, ackNanos, dataBytes);
    } else {
      failed(
          intendedNanos,
          Status.fromCodeValue(result.getStatus().getCode())
              + ": "
              + result.getStatus().getMessage());
    }
  }

  void failed(long intendedNanos, String reason) {
    failed.increment();
    if (firstFailure == null) {
      firstFailure = reason;
    }
    if (intendedNanos >= windowStart && intendedNanos < windowEnd) {
      measuredFailed.increment();
    }
  }

  long sent() {
    return sent.sum();
  }

  long completed() {
    return acked.sum() + failed.sum();
  }

  long acked() {
    return acked.sum();
  }

  long failed() {
    return failed.sum();
  }

  long measuredAcked() {
    return measuredAcked.sum();
  }

  long measuredFailed() {
    return measuredFailed.sum();
  }

  long measuredBytes() {
    return measuredBytes.sum();
  }

  String firstFailure() {
    return firstFailure;
  }

  /** All latencies recorded so far, in microseconds. */
  synchronized Histogram latencyMicros() {
    total.add(latencyMicros.getIntervalHistogram());
    return total.copy();
  }
}
