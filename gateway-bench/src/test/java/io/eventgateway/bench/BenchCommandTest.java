package io.eventgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {
  private final BenchCommand command =
      new BenchCommand(
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

  private BenchCommand parse(String... args) {
    CommandLine commandLine = new CommandLine(command);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.parseArgs(args);
    return command;
  }

  @Test
  void defaultsAreThoseOfIssue4() {
    BenchCommand bench = parse();
    assertThat(bench.api).isEqualTo(BenchCommand.Api.STREAM);
    assertThat(bench.streamClass).isEqualTo(BenchCommand.StreamClass.STANDARD);
    assertThat(bench.eventSize).isEqualTo(1024);
    assertThat(bench.subjects).isEqualTo(1000);
    assertThat(bench.rate).isZero();
    assertThat(bench.duration).isEqualTo(Duration.ofSeconds(30));
    assertThat(bench.warmup).isEqualTo(Duration.ofSeconds(5));
    assertThat(bench.batchSize).isEqualTo(100);
    assertThat(bench.partitions).isEqualTo(3);
    assertThat(bench.order).isEqualTo(BenchCommand.Order.DIRECT_FIRST);
    assertThat(bench.inFlight()).isEqualTo(500);
    assertThat(bench.outstandingEvents()).isEqualTo(4 * 500);
    assertThat(bench.validate()).isNull();
  }

  @Test
  void parsesEverySetting() {
    BenchCommand bench =
        parse(
            "--api",
            "BATCH",
            "--class",
            "critical",
            "--event-size",
            "256",
            "--subjects",
            "10",
            "--rate",
            "5000",
            "--duration",
            "1500ms",
            "--warmup",
            "2m",
            "--connections",
            "3",
            "--batch-size",
            "50",
            "--in-flight",
            "4",
            "--order",
            "gateway-first",
            "--json",
            "out.json");
    assertThat(bench.api).isEqualTo(BenchCommand.Api.BATCH);
    assertThat(bench.streamClass).isEqualTo(BenchCommand.StreamClass.CRITICAL);
    assertThat(bench.rate).isEqualTo(5000);
    assertThat(bench.duration).isEqualTo(Duration.ofMillis(1500));
    assertThat(bench.warmup).isEqualTo(Duration.ofMinutes(2));
    assertThat(bench.order).isEqualTo(BenchCommand.Order.GATEWAY_FIRST);
    assertThat(bench.outstandingEvents()).isEqualTo(4 * 50);
    assertThat(bench.description())
        .contains("api batch", "class critical", "256-byte", "fixed rate 5000 events/s")
        .contains("4 calls of 50 events in flight over 3 connections");
  }

  @Test
  void unaryDefaultsToTwoHundredCallsInFlight() {
    assertThat(parse("--api", "unary").inFlight()).isEqualTo(200);
    assertThat(command.outstandingEvents()).isEqualTo(200);
  }

  @Test
  void aRunningGatewayNeedsItsStreamAndCluster() {
    assertThat(parse("--target", "127.0.0.1:50051").validate()).contains("--stream");
  }

  @Test
  void rejectsAZeroDuration() {
    assertThat(parse("--duration", "0s").validate()).contains("--duration");
  }

  @Test
  void theDirectProducerHasTheGatewaysSettingsForEachClass() {
    assertThat(parse().producerConfig("k:9092"))
        .containsEntry("acks", "1")
        .containsEntry("enable.idempotence", "false")
        .containsEntry("max.in.flight.requests.per.connection", "1")
        .containsEntry("compression.type", "snappy")
        .containsEntry("linger.ms", "5")
        .containsEntry("batch.size", "65536")
        .containsEntry("bootstrap.servers", "k:9092");
    assertThat(parse("--class", "critical").producerConfig("k:9092"))
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("max.in.flight.requests.per.connection", "5");
  }

  @Test
  void theGatewayConfigurationDeclaresTheBenchStream() {
    assertThat(parse("--class", "critical", "--partitions", "6").gatewayConfig("bench-1"))
        .contains("factor: 1", "min-insync-replicas: 1", "- name: bench-1")
        .contains("durability: critical", "partitions: 6");
  }

  @Test
  void aDedupWindowAppliesToTheBenchStreamWhateverItsClass() {
    assertThat(parse().gatewayConfig("bench-1")).doesNotContain("dedup:");
    assertThat(parse("--dedup-window", "5m").gatewayConfig("bench-1"))
        .startsWith("dedup:\n  window: 5m\n  standard-streams: true\n");
  }
}
