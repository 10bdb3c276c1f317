package io.eventgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SummaryTest {
  private static SideResult side(
      String name,
      long events,
      long latencyMicros,
      long cpuSeconds,
      OptionalLong heap,
      List<Long> heapSamples) {
    Histogram histogram = new Histogram(3);
    histogram.recordValueWithCount(latencyMicros, events);
    return new SideResult(
        name,
        events,
        0,
        0,
        events * 1000,
        Duration.ofSeconds(10),
        histogram,
        OptionalLong.of(cpuSeconds * 1_000_000_000L),
        OptionalLong.of(1_000_000_000L),
        OptionalLong.empty(),
        heap,
        heapSamples);
  }

  private final Summary summary =
      new Summary(
          "esg bench: test",
          List.of("a \"quoted\" note"),
          side("direct", 1_000_000, 5_000, 10, OptionalLong.empty(), List.of()),
          side(
              "gateway",
              800_000,
              6_000,
              12,
              OptionalLong.of(100L * 1024 * 1024),
              List.of(40L * 1024 * 1024, 60L * 1024 * 1024, 50L * 1024 * 1024)));

  @Test
  void comparesTheSides() {
    assertThat(summary.throughputRatio()).isEqualTo(0.8);
    // 12 s / 0.8 M = 15 s per M vs 10 s per M
    assertThat(summary.cpuPerEventRatio()).hasValue(1.5);
    assertThat(summary.p99DifferenceMillis()).isBetween(0.99, 1.01);
  }

  @Test
  void tableShowsBothSidesRatiosAndTargets() {
    String table = summary.table();
    assertThat(table)
        .contains("esg bench: test")
        .containsPattern("events/s\\s+100,000\\s+80,000\\s+0.80x")
        .containsPattern("MB/s \\(event data\\)\\s+100.00\\s+80.00\\s+0.80x")
        .containsPattern("CPU s per 1M events\\s+10.00\\s+15.00\\s+1.50x")
        .containsPattern("gateway heap after GC \\(MiB\\)\\s+-\\s+100.0")
        .containsPattern("heap samples first/last/max\\s+-\\s+40.0/50.0/60.0\\s+3 samples")
        .containsPattern("gateway throughput >= 0.7x direct\\s+0.80x\\s+met")
        .containsPattern("gateway CPU per event <= 1.4x direct\\s+1.50x\\s+MISSED")
        .contains("note: a \"quoted\" note");
  }

  @Test
  void jsonHasBothSides() {
    assertThat(summary.json())
        .startsWith("{\"description\":\"esg bench: test\"")
        .contains("\"direct\":{\"events\":1000000,")
        .contains("\"events_per_second\":80000.0000")
        .contains("\"heap_after_gc_bytes\":104857600")
        .contains("\"heap_samples_bytes\":[41943040,62914560,52428800]")
        .contains("\"cpu_per_event_ratio\":1.5000")
        .contains("\"notes\":[\"a \\\"quoted\\\" note\"]");
  }

  @Test
  void jsonIsOneLineWithEachSideAnObjectOfNumbersAsCompareShReadsIt() throws Exception {
    String json = summary.json();
    assertThat(json).endsWith("}\n").hasLineCount(1);
    // compare.sh: grep -o '"gateway":{[^}]*}' | grep -o '"events_per_second":[0-9.]*'
    assertThat(json)
        .containsPattern("\"gateway\":\\{[^}]*\"events_per_second\":80000\\.0000[,}]")
        .containsPattern("\"direct\":\\{[^}]*\"cpu_seconds_per_million\":10\\.0000[,}]");
    JsonNode tree = new ObjectMapper().readTree(json);
    assertThat(tree.get("direct").get("heap_after_gc_bytes").isNull()).isTrue();
    assertThat(tree.get("gateway").get("broker_cpu_seconds_per_million").isNull()).isTrue();
    assertThat(tree.get("notes").get(0).asText()).isEqualTo("a \"quoted\" note");
  }
}
