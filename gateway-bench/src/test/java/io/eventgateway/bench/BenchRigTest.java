package io.eventgateway.bench;

import static io.eventgateway.bench.BenchOptionsTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchRigTest {
  @Test
  void theGatewayConfigurationDeclaresTheBenchStream() {
    assertThat(BenchRig.gatewayConfig(parse("--class", "critical", "--partitions", "6"), "bench-1"))
        .contains("factor: 1", "min-insync-replicas: 1", "- name: bench-1")
        .contains("durability: critical", "partitions: 6");
  }

  @Test
  void aDedupWindowAppliesToTheBenchStreamWhateverItsClass() {
    assertThat(BenchRig.gatewayConfig(parse(), "bench-1")).doesNotContain("dedup:");
    assertThat(BenchRig.gatewayConfig(parse("--dedup-window", "5m"), "bench-1"))
        .startsWith("dedup:\n  window: 5m\n  standard-streams: true\n");
  }
}
