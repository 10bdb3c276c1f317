package io.eventgateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsScrapeTest {
  private static final MetricsScrape SCRAPE =
      MetricsScrape.parse(
          """
          # HELP jvm_memory_used_bytes The amount of used memory
          # TYPE jvm_memory_used_bytes gauge
          jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.0E7
          jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.5E7
          jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 4.0E7
          esg_memory_budget_used_bytes 1048576.0
          esg_grpc_edge_refusals_total{limit="grpc.max-metadata-bytes"} 3.0
          """);

  @Test
  void sumsTheSamplesOfANameWithTheGivenLabels() {
    assertThat(SCRAPE.sum("jvm_memory_used_bytes", "area", "heap")).hasValue(3.5e7);
    assertThat(SCRAPE.sum("jvm_memory_used_bytes")).hasValue(7.5e7);
    assertThat(SCRAPE.sum("esg_memory_budget_used_bytes")).hasValue(1_048_576);
    assertThat(SCRAPE.sum("esg_grpc_edge_refusals_total", "limit", "grpc.max-metadata-bytes"))
        .hasValue(3);
  }

  @Test
  void aNameOrLabelThatIsNotThereIsEmpty() {
    assertThat(SCRAPE.sum("esg_memory_budget_bytes")).isEmpty();
    assertThat(SCRAPE.sum("jvm_memory_used_bytes", "area", "code")).isEmpty();
    assertThat(SCRAPE.sum("jvm_memory_used_bytes", "rea", "heap")).isEmpty();
  }
}
