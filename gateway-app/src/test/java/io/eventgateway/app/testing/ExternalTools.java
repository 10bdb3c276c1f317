package io.eventgateway.app.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Programs from outside the JVM that some tests run (promtool, chromium): found on the {@code
 * PATH}. Without one, a test is skipped and says how to install it, unless the environment variable
 * {@code ESG_REQUIRE_TOOLS=1} is set (CI sets it): then it fails, so a broken install cannot pass
 * unnoticed.
 */
public final class ExternalTools {
  private ExternalTools() {}

  /** What a run printed (stdout and stderr together) and its exit code. */
  public record Result(int exitCode, String output) {}

  /** The program {@code name} on the PATH; skips (or fails, see above) when there is none. */
  public static Path require(String name, String install) {
    Optional<Path> found = find(name);
    if (found.isEmpty()) {
      String why = name + " is not on the PATH; install it (" + install + ") to run this test";
      if ("1".equals(System.getenv("ESG_REQUIRE_TOOLS"))) {
        throw new AssertionError(why + " (ESG_REQUIRE_TOOLS=1 requires it)");
      }
      Assumptions.abort(why);
    }
    return found.get();
  }

  /** The program {@code name} on the PATH, if any. */
  public static Optional<Path> find(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator, -1)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Runs {@code program arguments...} with {@code stdin} as its input (none when null), waits at
   * most two minutes, and returns what it printed and its exit code.
   */
  public static Result run(Path program, String stdin, String... arguments)
      throws IOException, InterruptedException {
    return run(program, null, stdin, arguments);
  }

  /** As {@link #run(Path, String, String...)}, in {@code workingDirectory} (null: this one). */
  public static Result run(Path program, Path workingDirectory, String stdin, String... arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(program.toString());
    command.addAll(List.of(arguments));
    // to a file, not a pipe: a program that never ends cannot block the read past the timeout
    Path output = Files.createTempFile("esg-tool", ".out");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      if (workingDirectory != null) {
        builder.directory(workingDirectory.toFile());
      }
      Process process = builder.start();
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(String.join(" ", command) + " did not end within 2 minutes");
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
