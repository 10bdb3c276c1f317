package io.eventgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The whole bench, briefly and gently: a real broker process and the packaged gateway. */
class BenchIT {
  @Test
  void measuresBothSidesWithoutFailures(@TempDir Path dir) throws Exception {
    assertThat(BenchRig.defaultGatewayJar()).as("the packaged gateway").isRegularFile();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path json = dir.resolve("bench.json");
    CommandLine commandLine =
        BenchMain.commandLine(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit =
        commandLine.execute(
            "--duration",
            "3s",
            "--warmup",
            "1s",
            "--rate",
            "500",
            "--streams",
            "2",
            "--in-flight",
            "50",
            "--event-size",
            "100",
            "--gateway-java-opts",
            "-Xmx256m",
            "--broker-java-opts",
            "-Xmx512m",
            "--json",
            json.toString());
    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(table + err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(table)
        .contains("esg bench: api stream", "fixed rate 500 events/s")
        .containsPattern("events failed \\(whole run\\)\\s+0\\s+0");
    String summary = Files.readString(json);
    assertThat(summary).contains("\"direct\":{\"events\":", "\"gateway\":{\"events\":");
    assertThat(summary).doesNotContain("\"events\":0,");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("[direct]", "[gateway]");
  }
}
