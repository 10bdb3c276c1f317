package io.eventgateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgateway.testkit.process.JvmCommand;
import io.eventgateway.testkit.process.JvmProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The packaged {@code esg.jar} run as its own process, the way {@code ./esg} runs it ({@code java
 * -Xmx512m -jar target/esg.jar ...}), through the test kit's {@link JvmProcess}: its output in a
 * log file, a served gateway ready when its {@code /health/ready} answers 200.
 */
final class EsgJar {
  static final Path JAR = Path.of("target", "esg.jar");

  /** The start of the line the gateway logs once it is ready (StartupReport's). */
  static final String READY_LINE = "gateway ready";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

  private EsgJar() {}

  /** {@code java -Xmx512m -jar esg.jar arguments...}. */
  static JvmCommand.Builder command(String... arguments) {
    assertThat(JAR).as("the packaged gateway (mvn package builds it)").exists();
    return JvmCommand.jar(JAR).jvmOptions("-Xmx512m").arguments(arguments);
  }

  /**
   * Runs {@code command} to its end, its output in {@code log}; fails unless it ends within 60 s.
   *
   * @return its exit status and output
   */
  static Finished run(JvmCommand command, Path log) {
    try (JvmProcess process = JvmProcess.of("esg", command, log)) {
      process.start();
      assertThat(process.awaitExit(RUN_TIMEOUT)).as("esg ended within 60 s").isTrue();
      return new Finished(process.exitValue().orElseThrow(), process.logSinceStart());
    }
  }

  /**
   * Starts {@code esg serve ...} with {@code ESG_HTTP_PORT=httpPort} (and {@code environment}) and
   * returns once it is ready ({@link #awaitReady}). Closing the process kills it (SIGKILL), as a
   * test that is over needs nothing more from it; {@link JvmProcess#terminate} stops it gracefully.
   *
   * @param name what failures call it, and its log file's name
   */
  static JvmProcess serve(
      Path directory,
      String name,
      int httpPort,
      Map<String, String> environment,
      String... serveArguments) {
    return serve(directory, name, httpPort, environment, List.of(), serveArguments);
  }

  /** As {@link #serve}, with {@code jvmOptions} after the default ones (a later -Xmx wins). */
  static JvmProcess serve(
      Path directory,
      String name,
      int httpPort,
      Map<String, String> environment,
      List<String> jvmOptions,
      String... serveArguments) {
    JvmProcess gateway = start(directory, name, httpPort, environment, jvmOptions, serveArguments);
    try {
      awaitReady(gateway, httpPort);
      return gateway;
    } catch (RuntimeException | Error failed) {
      gateway.close();
      throw failed;
    }
  }

  /** As {@link #serve}, without waiting: {@link #awaitReady} waits, so several start together. */
  static JvmProcess start(
      Path directory,
      String name,
      int httpPort,
      Map<String, String> environment,
      String... serveArguments) {
    return start(directory, name, httpPort, environment, List.of(), serveArguments);
  }

  /**
   * As {@link #start(Path, String, int, Map, String...)}, with {@code jvmOptions} after the default
   * ones (so {@code -Xmx256m} there wins over the default heap).
   */
  static JvmProcess start(
      Path directory,
      String name,
      int httpPort,
      Map<String, String> environment,
      List<String> jvmOptions,
      String... serveArguments) {
    JvmCommand command =
        command(serveArguments)
            .jvmOptions(jvmOptions)
            .environment("ESG_HTTP_PORT", Integer.toString(httpPort))
            .environment(environment)
            .build();
    JvmProcess gateway =
        JvmProcess.builder(name, command, directory.resolve(name + ".log"))
            .stopGrace(Duration.ZERO)
            .build();
    gateway.start();
    return gateway;
  }

  /**
   * Waits until {@code gateway}'s {@code /health/ready} answers 200 and it has logged its {@value
   * #READY_LINE} line (which follows readiness by a moment, and which tests read).
   */
  static void awaitReady(JvmProcess gateway, int httpPort) {
    gateway.awaitReady(JvmProcess.readyUrl(httpPort), READY_TIMEOUT);
    gateway.awaitLogLine(READY_LINE, READY_TIMEOUT);
  }

  /** The first line of {@code process}'s output (of this start) that contains {@code text}. */
  static String line(JvmProcess process, String text) {
    List<String> lines = process.linesSinceStart();
    return lines.stream()
        .filter(l -> l.contains(text))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line with '" + text + "' in " + lines));
  }

  /** How a run of {@code esg} ended. */
  record Finished(int exitCode, String output) {}
}
