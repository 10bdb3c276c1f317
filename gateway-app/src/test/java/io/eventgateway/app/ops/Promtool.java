package io.eventgateway.app.ops;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus' {@code promtool}, found on the PATH and run as a process. Without it the tests that
 * need it are skipped, unless {@code ESG_REQUIRE_TOOLS=1} (CI sets it), which makes them fail: a
 * broken install must not pass silently.
 */
final class Promtool {
  private static final long TIMEOUT_SECONDS = 120;

  /** What promtool answered: its exit code and its standard output and error, interleaved. */
  record Result(int exitCode, String output) {}

  private final Path executable;

  private Promtool(Path executable) {
    this.executable = executable;
  }

  /** The promtool on the PATH; skips the calling test, or fails it under ESG_REQUIRE_TOOLS=1. */
  static Promtool onPathOrSkip() {
    Optional<Path> found = find();
    if (found.isEmpty()) {
      String message =
          "promtool is not on the PATH; install it with `apt-get install prometheus` (Debian,"
              + " Ubuntu) or from https://prometheus.io/download/";
      if ("1".equals(System.getenv("ESG_REQUIRE_TOOLS"))) {
        Assertions.fail(message + " (ESG_REQUIRE_TOOLS=1: the test may not be skipped)");
      }
      Assumptions.abort(message);
    }
    return new Promtool(found.orElseThrow());
  }

  private static Optional<Path> find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String directory : path.split(File.pathSeparator, -1)) {
      if (!directory.isEmpty()) {
        Path candidate = Path.of(directory, "promtool");
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** {@code promtool check rules <file>}: syntax, PromQL and templates of a rule file. */
  Result checkRules(Path ruleFile) {
    return run(ruleFile.getParent(), "check", "rules", ruleFile.toString());
  }

  /** {@code promtool test rules <file>}: the unit tests, rule files relative to the test file. */
  Result testRules(Path testFile) {
    return run(testFile.getParent(), "test", "rules", testFile.toString());
  }

  private Result run(Path workingDirectory, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(arguments));
    try {
      Path output = Files.createTempFile("promtool", ".out");
      try {
        Process process =
            new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
          throw new IllegalStateException(
              String.join(" ", command) + " did not end within " + TIMEOUT_SECONDS + " s");
        }
        return new Result(process.exitValue(), Files.readString(output, UTF_8));
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
    }
  }
}
