package io.eventgateway.bench;

import static io.eventgateway.bench.BenchOptionsTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DirectLoadTest {
  @Test
  void theDirectProducerHasTheGatewaysSettingsForEachClass() {
    assertThat(DirectLoad.producerConfig("k:9092", parse().streamClass))
        .containsEntry("acks", "1")
        .containsEntry("enable.idempotence", "false")
        .containsEntry("max.in.flight.requests.per.connection", "1")
        .containsEntry("compression.type", "snappy")
        .containsEntry("linger.ms", "5")
        .containsEntry("batch.size", "65536")
        .containsEntry("bootstrap.servers", "k:9092");
    assertThat(DirectLoad.producerConfig("k:9092", parse("--class", "critical").streamClass))
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("max.in.flight.requests.per.connection", "5");
  }
}
