package io.eventgateway.bench;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;

/**
 * The figures of one side over its measured window.
 *
 * @param side {@code direct} or {@code gateway}
 * @param events events acknowledged whose intended send time was in the window
 * @param failures events failed whose intended send time was in the window
 * @param allFailures events failed in the whole run of this side, warm-up and drain included
 * @param dataBytes data bytes of {@code events}
 * @param window the measured window
 * @param latencyMicros ack latency of {@code events}, in microseconds
 * @param cpuNanos CPU time over the window of the process that does the side's work: the bench JVM
 *     for the direct producer, the gateway's process for the gateway; empty when not measured
 * @param clientCpuNanos CPU time of the bench JVM (the load generator) over the window
 * @param brokerCpuNanos CPU time of the broker process over the window, when the bench started it
 * @param heapBytes the gateway's heap after a full GC at the end of the window, when measured
 * @param heapSamples the gateway's heap after a full GC sampled during the window ({@code
 *     --heap-every}), in order; empty when not sampled
 */
record SideResult(
    String side,
    long events,
    long failures,
    long allFailures,
    long dataBytes,
    Duration window,
    Histogram latencyMicros,
    OptionalLong cpuNanos,
    OptionalLong clientCpuNanos,
    OptionalLong brokerCpuNanos,
    OptionalLong heapBytes,
    List<Long> heapSamples) {

  SideResult {
    heapSamples = List.copyOf(heapSamples);
  }

  double eventsPerSecond() {
    return events / seconds();
  }

  double megabytesPerSecond() {
    return dataBytes / 1e6 / seconds();
  }

  /** The latency at {@code percentile} (0-100) in milliseconds. */
  double latencyMillis(double percentile) {
    return latencyMicros.getTotalCount() == 0
        ? 0
        : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }

  double maxLatencyMillis() {
    return latencyMicros.getMaxValue() / 1000.0;
  }

  /** CPU seconds per million events of {@code cpu}. */
  OptionalDouble cpuSecondsPerMillion(OptionalLong cpu) {
    if (cpu.isEmpty() || events == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(cpu.getAsLong() / 1e9 / (events / 1e6));
  }

  private double seconds() {
    return window.toNanos() / 1e9;
  }
}
