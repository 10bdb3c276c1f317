package io.eventgateway.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;

/** The summary table of a run, its comparison with the gateway's targets, and the JSON form. */
final class Summary {
  static final double HEAP_TARGET_BYTES = 256.0 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String description;
  private final List<String> notes;
  private final SideResult direct;
  private final SideResult gateway;

  Summary(String description, List<String> notes, SideResult direct, SideResult gateway) {
    this.description = description;
    this.notes = List.copyOf(notes);
    this.direct = direct;
    this.gateway = gateway;
  }

  double throughputRatio() {
    return ratio(gateway.eventsPerSecond(), direct.eventsPerSecond());
  }

  OptionalDouble cpuPerEventRatio() {
    OptionalDouble g = gateway.cpuSecondsPerMillion(gateway.cpuNanos());
    OptionalDouble d = direct.cpuSecondsPerMillion(direct.cpuNanos());
    return g.isPresent() && d.isPresent() && d.getAsDouble() > 0
        ? OptionalDouble.of(g.getAsDouble() / d.getAsDouble())
        : OptionalDouble.empty();
  }

  /** The events failed in the whole run, both sides. */
  long allFailures() {
    return direct.allFailures() + gateway.allFailures();
  }

  double p99DifferenceMillis() {
    return gateway.latencyMillis(99) - direct.latencyMillis(99);
  }

  /** The table printed at the end of a run. */
  String table() {
    StringBuilder out = new StringBuilder();
    out.append(description).append('\n');
    row(out, "", "direct", "gateway", "gateway/direct");
    row(
        out,
        "events/s",
        integer(direct.eventsPerSecond()),
        integer(gateway.eventsPerSecond()),
        times(throughputRatio()));
    row(
        out,
        "MB/s (event data)",
        decimal(direct.megabytesPerSecond()),
        decimal(gateway.megabytesPerSecond()),
        times(ratio(gateway.megabytesPerSecond(), direct.megabytesPerSecond())));
    latencyRow(out, "ack latency p50 (ms)", s -> s.latencyMillis(50));
    latencyRow(out, "ack latency p99 (ms)", s -> s.latencyMillis(99));
    latencyRow(out, "ack latency p99.9 (ms)", s -> s.latencyMillis(99.9));
    latencyRow(out, "ack latency max (ms)", SideResult::maxLatencyMillis);
    OptionalDouble cpuRatio = cpuPerEventRatio();
    row(
        out,
        "CPU s per 1M events",
        cpu(direct, direct.cpuNanos()),
        cpu(gateway, gateway.cpuNanos()),
        cpuRatio.isPresent() ? times(cpuRatio.getAsDouble()) : "-");
    row(
        out,
        "  bench client CPU s per 1M",
        cpu(direct, direct.clientCpuNanos()),
        cpu(gateway, gateway.clientCpuNanos()),
        "");
    row(
        out,
        "  broker CPU s per 1M",
        cpu(direct, direct.brokerCpuNanos()),
        cpu(gateway, gateway.brokerCpuNanos()),
        "");
    row(out, "gateway heap after GC (MiB)", "-", mebibytes(gateway.heapBytes()), "");
    if (!gateway.heapSamples().isEmpty()) {
      List<Long> samples = gateway.heapSamples();
      long max = samples.stream().mapToLong(Long::longValue).max().orElseThrow();
      row(
          out,
          "  heap samples first/last/max",
          "-",
          mebibytes(OptionalLong.of(samples.get(0)))
              + "/"
              + mebibytes(OptionalLong.of(samples.get(samples.size() - 1)))
              + "/"
              + mebibytes(OptionalLong.of(max)),
          samples.size() + " samples");
    }
    row(
        out,
        "events acked in window",
        Long.toString(direct.events()),
        Long.toString(gateway.events()),
        "");
    row(
        out,
        "events failed (whole run)",
        Long.toString(direct.allFailures()),
        Long.toString(gateway.allFailures()),
        "");
    out.append('\n').append("targets:\n");
    target(
        out,
        "gateway throughput >= 0.7x direct",
        times(throughputRatio()),
        throughputRatio() >= 0.7);
    if (cpuRatio.isPresent()) {
      target(
          out,
          "gateway CPU per event <= 1.4x direct",
          times(cpuRatio.getAsDouble()),
          cpuRatio.getAsDouble() <= 1.4);
    }
    target(
        out,
        "p99 <= direct p99 + 2 ms (meant at half the max rate)",
        signed(p99DifferenceMillis()) + " ms",
        p99DifferenceMillis() <= 2);
    if (gateway.heapBytes().isPresent()) {
      target(
          out,
          "gateway heap <= 256 MiB",
          mebibytes(gateway.heapBytes()) + " MiB",
          gateway.heapBytes().getAsLong() <= HEAP_TARGET_BYTES);
    }
    for (String note : notes) {
      out.append("note: ").append(note).append('\n');
    }
    return out.toString();
  }

  /**
   * The run as one JSON object on one line, in the order of the table; each side an object with no
   * object inside, which {@code gateway-bench/compare.sh} relies on.
   */
  String json() {
    ObjectNode run = JSON.createObjectNode();
    run.put("description", description);
    run.set("direct", json(direct));
    run.set("gateway", json(gateway));
    run.put("throughput_ratio", number(throughputRatio()));
    run.put("cpu_per_event_ratio", number(cpuPerEventRatio()));
    run.put("p99_difference_ms", number(p99DifferenceMillis()));
    notes.forEach(run.putArray("notes")::add);
    try {
      return JSON.writeValueAsString(run) + "\n";
    } catch (JsonProcessingException impossible) {
      throw new UncheckedIOException(impossible);
    }
  }

  private static ObjectNode json(SideResult side) {
    ObjectNode json = JSON.createObjectNode();
    json.put("events", side.events());
    json.put("failures", side.failures());
    json.put("failures_whole_run", side.allFailures());
    json.put("window_seconds", number(side.window().toMillis() / 1000.0));
    json.put("events_per_second", number(side.eventsPerSecond()));
    json.put("mb_per_second", number(side.megabytesPerSecond()));
    json.put("latency_p50_ms", number(side.latencyMillis(50)));
    json.put("latency_p99_ms", number(side.latencyMillis(99)));
    json.put("latency_p999_ms", number(side.latencyMillis(99.9)));
    json.put("latency_max_ms", number(side.maxLatencyMillis()));
    json.put("cpu_seconds_per_million", number(side.cpuSecondsPerMillion(side.cpuNanos())));
    json.put(
        "client_cpu_seconds_per_million", number(side.cpuSecondsPerMillion(side.clientCpuNanos())));
    json.put(
        "broker_cpu_seconds_per_million", number(side.cpuSecondsPerMillion(side.brokerCpuNanos())));
    json.put(
        "heap_after_gc_bytes", side.heapBytes().isPresent() ? side.heapBytes().getAsLong() : null);
    side.heapSamples().forEach(json.putArray("heap_samples_bytes")::add);
    return json;
  }

  private void latencyRow(StringBuilder out, String name, Function<SideResult, Double> value) {
    double d = value.apply(direct);
    double g = value.apply(gateway);
    row(out, name, decimal(d), decimal(g), signed(g - d) + " ms");
  }

  private static void row(StringBuilder out, String name, String d, String g, String ratio) {
    out.append(String.format(Locale.ROOT, "%-30s %14s %14s %16s%n", name, d, g, ratio));
  }

  private static void target(StringBuilder out, String what, String value, boolean met) {
    out.append(
        String.format(Locale.ROOT, "  %-54s %12s  %s%n", what, value, met ? "met" : "MISSED"));
  }

  private static String cpu(SideResult side, OptionalLong cpuNanos) {
    OptionalDouble perMillion = side.cpuSecondsPerMillion(cpuNanos);
    return perMillion.isPresent() ? decimal(perMillion.getAsDouble()) : "-";
  }

  private static double ratio(double value, double base) {
    return base == 0 ? 0 : value / base;
  }

  private static String integer(double value) {
    return String.format(Locale.ROOT, "%,d", Math.round(value));
  }

  private static String decimal(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static String signed(double value) {
    return String.format(Locale.ROOT, "%+.2f", value);
  }

  private static String times(double value) {
    return String.format(Locale.ROOT, "%.2fx", value);
  }

  private static String mebibytes(OptionalLong bytes) {
    return bytes.isPresent()
        ? String.format(Locale.ROOT, "%.1f", bytes.getAsLong() / 1024.0 / 1024.0)
        : "-";
  }

  /** {@code value} with 4 decimals, or null (JSON null) when it is not finite. */
  private static BigDecimal number(double value) {
    return Double.isFinite(value)
        ? BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP)
        : null;
  }

  private static BigDecimal number(OptionalDouble value) {
    return value.isPresent() ? number(value.getAsDouble()) : null;
  }
}
