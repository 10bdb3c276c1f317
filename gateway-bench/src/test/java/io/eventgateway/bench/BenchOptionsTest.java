package io.eventgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchOptionsTest {
  /** The options as the command line of {@code esg bench} parses {@code args}. */
  static BenchOptions parse(String... args) {
    BenchCommand command =
        new BenchCommand(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    CommandLine commandLine = new CommandLine(command);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.parseArgs(args);
    return command.options;
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    BenchOptions bench = parse();
    assertThat(bench.api).isEqualTo(BenchOptions.Api.STREAM);
    assertThat(bench.streamClass).isEqualTo(BenchOptions.StreamClass.STANDARD);
    assertThat(bench.eventSize).isEqualTo(1024);
    assertThat(bench.subjects).isEqualTo(1000);
    assertThat(bench.rate).isZero();
    assertThat(bench.duration).isEqualTo(Duration.ofSeconds(30));
    assertThat(bench.warmup).isEqualTo(Duration.ofSeconds(5));
    assertThat(bench.batchSize).isEqualTo(100);
    assertThat(bench.partitions).isEqualTo(3);
    assertThat(bench.order).isEqualTo(BenchOptions.Order.DIRECT_FIRST);
    assertThat(bench.inFlight()).isEqualTo(500);
    assertThat(bench.outstandingEvents()).isEqualTo(4 * 500);
    assertThat(bench.validate()).isNull();
  }

  @Test
  void parsesEverySetting() {
    BenchOptions bench =
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
    assertThat(bench.api).isEqualTo(BenchOptions.Api.BATCH);
    assertThat(bench.streamClass).isEqualTo(BenchOptions.StreamClass.CRITICAL);
    assertThat(bench.rate).isEqualTo(5000);
    assertThat(bench.duration).isEqualTo(Duration.ofMillis(1500));
    assertThat(bench.warmup).isEqualTo(Duration.ofMinutes(2));
    assertThat(bench.order).isEqualTo(BenchOptions.Order.GATEWAY_FIRST);
    assertThat(bench.outstandingEvents()).isEqualTo(4 * 50);
    assertThat(bench.description())
        .contains("api batch", "class critical", "256-byte", "fixed rate 5000 events/s")
        .contains("4 calls of 50 events in flight over 3 connections");
  }

  @Test
  void unaryDefaultsToTwoHundredCallsInFlight() {
    BenchOptions unary = parse("--api", "unary");
    assertThat(unary.inFlight()).isEqualTo(200);
    assertThat(unary.outstandingEvents()).isEqualTo(200);
  }

  @Test
  void aRunningGatewayNeedsItsStreamAndCluster() {
    assertThat(parse("--target", "127.0.0.1:50051").validate()).contains("--stream");
  }

  @Test
  void rejectsAZeroDuration() {
    assertThat(parse("--duration", "0s").validate()).contains("--duration");
  }
}
