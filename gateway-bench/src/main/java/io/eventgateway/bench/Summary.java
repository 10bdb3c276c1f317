package io.eventgateway.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;

/** The summary table of a run, the comparison with issue 4's targets, and the JSON form. */
final class Summary {
  static final double HEAP_TARGET_BYTES = 256.0 * 1024 * 1024;

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
    out.append('\n').append("issue 4 targets:\n");
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

  /** The run as one JSON object. */
  String json() {
    List<String> fields = new ArrayList<>();
    fields.add(quote("description") + ":" + quote(description));
    fields.add(quote("direct") + ":" + json(direct));
    fields.add(quote("gateway") + ":" + json(gateway));
    fields.add(quote("throughput_ratio") + ":" + number(throughputRatio()));
    OptionalDouble cpuRatio = cpuPerEventRatio();
    fields.add(
        quote("cpu_per_event_ratio")
            + ":"
            + (cpuRatio.isPresent() ? number(cpuRatio.getAsDouble()) : "null"));
    fields.add(quote("p99_difference_ms") + ":" + number(p99DifferenceMillis()));
    List<String> quotedNotes = new ArrayList<>();
    notes.forEach(note -> quotedNotes.add(quote(note)));
    fields.add(quote("notes") + ":[" + String.join(",", quotedNotes) + "]");
    return "{" + String.join(",", fields) + "}\n";
  }

  private static String json(SideResult side) {
    List<String> fields = new ArrayList<>();
    fields.add(quote("events") + ":" + side.events());
    fields.add(quote("failures") + ":" + side.failures());
    fields.add(quote("failures_whole_run") + ":" + side.allFailures());
    fields.add(quote("window_seconds") + ":" + number(side.window().toMillis() / 1000.0));
    fields.add(quote("events_per_second") + ":" + number(side.eventsPerSecond()));
    fields.add(quote("mb_per_second") + ":" + number(side.megabytesPerSecond()));
    fields.add(quote("latency_p50_ms") + ":" + number(side.latencyMillis(50)));
    fields.add(quote("latency_p99_ms") + ":" + number(side.latencyMillis(99)));
    fields.add(quote("latency_p999_ms") + ":" + number(side.latencyMillis(99.9)));
    fields.add(quote("latency_max_ms") + ":" + number(side.maxLatencyMillis()));
    fields.add(
        quote("cpu_seconds_per_million")
            + ":"
            + number(side.cpuSecondsPerMillion(side.cpuNanos())));
    fields.add(
        quote("client_cpu_seconds_per_million")
            + ":"
            + number(side.cpuSecondsPerMillion(side.clientCpuNanos())));
    fields.add(
        quote("broker_cpu_seconds_per_million")
            + ":"
            + number(side.cpuSecondsPerMillion(side.brokerCpuNanos())));
    fields.add(
        quote("heap_after_gc_bytes")
            + ":"
            + (side.heapBytes().isPresent()
                ? Long.toString(side.heapBytes().getAsLong())
                : "null"));
    fields.add(
        quote("heap_samples_bytes")
            + ":["
            + String.join(",", side.heapSamples().stream().map(String::valueOf).toList())
            + "]");
    return "{" + String.join(",", fields) + "}";
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

  private static String number(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "null";
  }

  private static String number(OptionalDouble value) {
    return value.isPresent() ? number(value.getAsDouble()) : "null";
  }

  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
