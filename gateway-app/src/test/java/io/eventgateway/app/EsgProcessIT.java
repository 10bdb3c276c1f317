package io.eventgateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgateway.app.cli.EsgCommand;
import io.eventgateway.testkit.process.FreePorts;
import io.eventgateway.testkit.process.JvmCommand;
import io.eventgateway.testkit.process.JvmProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code esg.jar} as a separate process, the way {@code ./esg} runs it: start-up line,
 * a publish, and SIGTERM. {@link #servesUntilSigtermThenStopsCleanly} is the end-to-end test of the
 * embedded mode (the gateway with its own broker, the default); the other ITs run on the shared
 * test broker.
 */
class EsgProcessIT {

  @TempDir Path directory;

  private int runs;

  private String run(int expectedExit, String... arguments) {
    return run(expectedExit, EsgJar.command(arguments).build());
  }

  /** Runs {@code command} to its end, checks its exit code, returns its output. */
  private String run(int expectedExit, JvmCommand command) {
    EsgJar.Finished finished = EsgJar.run(command, directory.resolve("esg-" + ++runs + ".log"));
    assertThat(finished.exitCode()).as(finished.output()).isEqualTo(expectedExit);
    return finished.output();
  }

  @Test
  void helpTellsANewUserWhatToRun() {
    assertThat(run(0, "--help")).contains("serve").contains("publish");
    assertThat(run(0, "serve", "--help"))
        .contains("--bootstrap-servers")
        .contains("ESG_BOOTSTRAP_SERVERS")
        .contains("--data-dir")
        .contains("--config");
    assertThat(run(0, "publish", "--help")).contains("--stream").contains("--file");
  }

  @Test
  void aBadConfigurationFileIsNamedAndTheExitCodeIsTwo() throws Exception {
    Path missing = directory.resolve("missing.yaml");
    assertThat(run(2, "serve", "--config", missing.toString()))
        .contains(missing.toString())
        .contains("does not exist");

    Path typo = directory.resolve("typo.yaml");
    Files.writeString(typo, "streams:\n  - name: events\n    clas: events\n");
    assertThat(run(2, "serve", "--config", typo.toString()))
        .contains("streams[0]")
        .contains("clas");
  }

  @Test
  void configPrintsEveryKeyWithItsValueAndWhereItComesFrom() throws Exception {
    Path file = directory.resolve("esg.yaml");
    Files.writeString(
        file, "http:\n  port: 7001\nkafka:\n  properties:\n    ssl.key.password: hunter2\n");
    String output =
        run(
            0,
            EsgJar.command("config", "--config", file.toString(), "--grpc-port", "6000")
                .environment("ESG_KAFKA_PRODUCER_LINGER", "20ms")
                .environment("ESG_STREAMS_1_PARTITIONS", "6")
                .build());
    assertThat(output.lines())
        .anySatisfy(l -> assertThat(l).matches("grpc\\.port: 6000 +# flag --grpc-port"))
        .anySatisfy(l -> assertThat(l).matches("grpc\\.host: 127\\.0\\.0\\.1 +# default"))
        .anySatisfy(l -> assertThat(l).matches("http\\.port: 7001 +# file .*esg\\.yaml"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches("kafka\\.producer\\.linger: 20ms +# env ESG_KAFKA_PRODUCER_LINGER"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches("streams\\[1]\\.partitions: 6 +# env ESG_STREAMS_1_PARTITIONS"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches("kafka\\.properties\\.ssl\\.key\\.password: \\[hidden] +# file .*"));
    assertThat(output).doesNotContain("hunter2");

    String error = run(2, EsgJar.command("config").environment("ESG_GRPC_PROT", "6000").build());
    assertThat(error).contains("ESG_GRPC_PROT").contains("did you mean ESG_GRPC_PORT?");
  }

  @Test
  void servesUntilSigtermThenStopsCleanly() throws Exception {
    int[] ports = FreePorts.onLoopback(4);
    int grpcPort = ports[0];
    int httpPort = ports[1];
    int[] kafkaPorts = {ports[2], ports[3]};
    try (JvmProcess gateway =
        EsgJar.serve(
            directory,
            "gateway",
            httpPort,
            Map.of(),
            "serve",
            "--grpc-port",
            String.valueOf(grpcPort),
            "--http-port",
            String.valueOf(httpPort),
            "--kafka-port",
            String.valueOf(kafkaPorts[0]),
            "--kafka-controller-port",
            String.valueOf(kafkaPorts[1]),
            "--data-dir",
            directory.resolve("data").toString())) {
      assertThat(EsgJar.line(gateway, "gateway ready"))
          .contains("gRPC on 127.0.0.1:" + grpcPort)
          .contains("Kafka on 127.0.0.1:" + kafkaPorts[0] + " (embedded")
          .contains("metrics and health on http://127.0.0.1:" + httpPort);
      assertThat(get(httpPort, "/health/live")).isEqualTo("200 {\"status\":\"UP\"}");
      assertThat(get(httpPort, "/health/ready")).startsWith("200 {\"status\":\"READY\"");

      StringWriter out = new StringWriter();
      int published =
          EsgCommand.commandLine()
              .setOut(new PrintWriter(out, true))
              .setErr(new PrintWriter(out, true))
              .execute(
                  "publish",
                  "--target",
                  "127.0.0.1:" + grpcPort,
                  "--stream",
                  "events",
                  "--source",
                  "/tests/process",
                  "--type",
                  "t",
                  "--subject",
                  "s");
      assertThat(published).as(out.toString()).isZero();
      assertThat(out.toString()).contains("\"stream\":\"events\"").contains("\"offset\":0");
      assertThat(get(httpPort, "/metrics"))
          .startsWith("200 ")
          .contains(
              "esg_publish_events_total{class=\"events\",status=\"OK\",stream=\"events\"} 1.0")
          .contains("esg_ready 1");

      assertThat(gateway.terminate(Duration.ofSeconds(60)))
          .as("exit code after SIGTERM")
          .isEqualTo(143);
      List<String> output = gateway.linesSinceStart();
      assertThat(output).anyMatch(l -> l.contains("shutting down"));
      assertThat(output).anyMatch(l -> l.contains("embedded Kafka broker on port"));
      assertThat(output).anyMatch(l -> l.contains("gateway stopped"));
      assertThat(output).noneMatch(l -> l.contains(" ERROR "));
      // every port is given back
      for (int port : new int[] {grpcPort, httpPort, kafkaPorts[0], kafkaPorts[1]}) {
        try (ServerSocket socket =
            new ServerSocket(port, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
          assertThat(socket.getLocalPort()).isEqualTo(port);
        }
      }
    }
  }

  /** "status body" of an HTTP GET to the gateway's HTTP port. */
  private static String get(int port, String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }
}
