package io.eventgateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The packaged {@code esg.jar} run as its own process, its log read line by line. */
final class GatewayProcess implements AutoCloseable {
  static final Path JAR = Path.of("target", "esg.jar");

  final Process process;
  final List<String> output = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Thread reader;

  private GatewayProcess(Process process) {
    this.process = process;
    this.reader = new Thread(this::read, "esg-process-output");
    reader.start();
  }

  /** {@code java -jar esg.jar arguments...}, its standard error merged into its output. */
  static ProcessBuilder command(String... arguments) {
    assertThat(JAR).as("the packaged gateway (mvn package builds it)").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(arguments));
    return new ProcessBuilder(command).redirectErrorStream(true);
  }

  /** Starts {@code esg arguments...} and waits until it logs that it is ready. */
  static GatewayProcess serve(String... arguments) throws IOException, InterruptedException {
    return serve(Map.of(), arguments);
  }

  /**
   * Starts {@code esg arguments...} with {@code environment} added to this process's environment,
   * and waits until it logs that it is ready.
   */
  static GatewayProcess serve(Map<String, String> environment, String... arguments)
      throws IOException, InterruptedException {
    ProcessBuilder command = command(arguments);
    command.environment().putAll(environment);
    GatewayProcess gateway = new GatewayProcess(command.start());
    if (!gateway.ready.await(60, TimeUnit.SECONDS)) {
      gateway.close();
      throw new AssertionError("no ready line in 60 s: " + gateway.output);
    }
    return gateway;
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.add(line);
        if (line.contains("gateway ready")) {
          ready.countDown();
        }
      }
    } catch (IOException closed) {
      // the process ended
    }
  }

  /** The lines logged so far. */
  List<String> lines() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  /** The first log line that contains {@code text}. */
  String line(String text) {
    synchronized (output) {
      return output.stream().filter(l -> l.contains(text)).findFirst().orElseThrow();
    }
  }

  /** Sends SIGTERM (keeping the pipe open, unlike Process.destroy) and waits for the exit code. */
  int terminate() throws InterruptedException {
    assertThat(process.toHandle().destroy()).isTrue();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
    reader.join(5_000);
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
