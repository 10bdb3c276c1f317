package io.eventgateway.bench;

import io.eventgateway.testkit.process.JvmCommand;
import io.eventgateway.testkit.process.JvmProcess;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * How the bench runs its child JVMs (the broker, the gateway): each a {@link JvmProcess} of the
 * test kit, its output in a log file, its {@code WARN} and {@code ERROR} lines echoed on the
 * bench's standard error with its name. A child that ends or is not ready in time is stopped, and
 * its start fails with the last lines of its log. Thread-safe (no state of its own).
 */
final class ChildJvms {
  /** How long a child may take to stop after SIGTERM before it is killed. */
  static final Duration STOP_GRACE = Duration.ofSeconds(60);

  private ChildJvms() {}

  /**
   * Starts {@code command} as {@code name}, its output appended to {@code log}, and waits with
   * {@code awaitReady} (for example {@code p -> p.awaitReady(url, timeout)}).
   *
   * @throws io.eventgateway.testkit.process.JvmProcessException when it cannot start, ends first or
   *     is not ready in time; it is stopped then
   */
  static JvmProcess start(
      String name,
      JvmCommand command,
      Path log,
      PrintStream echo,
      Consumer<JvmProcess> awaitReady) {
    JvmProcess child =
        JvmProcess.builder(name, command, log)
            .stopGrace(STOP_GRACE)
            .outputListener(echoing(name, echo))
            .build();
    try {
      child.start();
      awaitReady.accept(child);
      return child;
    } catch (RuntimeException | Error failed) {
      child.close();
      throw failed;
    }
  }

  /** Prints the lines of {@code name}'s output that warn or fail on {@code echo}, named. */
  static Consumer<String> echoing(String name, PrintStream echo) {
    return line -> {
      if (line.contains(" WARN ") || line.contains(" ERROR ") || line.startsWith("Exception")) {
        echo.println("[" + name + "] " + line);
      }
    };
  }
}
