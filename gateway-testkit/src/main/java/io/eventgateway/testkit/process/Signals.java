package io.eventgateway.testkit.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Signals Java has no API for (SIGSTOP, SIGCONT, SIGQUIT), sent with {@code kill}. SIGTERM and
 * SIGKILL go through {@link ProcessHandle#destroy()} and {@link ProcessHandle#destroyForcibly()}.
 */
final class Signals {
  private Signals() {}

  /**
   * Sends {@code SIG<signal>} to {@code pid}.
   *
   * @param signal {@code STOP}, {@code CONT}, {@code QUIT}, ...
   * @param target what failure messages call the process
   * @throws JvmProcessException when {@code kill} cannot be run or fails
   */
  static void send(String signal, long pid, String target) {
    List<String> kill = List.of("kill", "-" + signal, Long.toString(pid));
    try {
      Process sender = new ProcessBuilder(kill).redirectErrorStream(true).start();
      String output = new String(sender.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!sender.waitFor(10, TimeUnit.SECONDS) || sender.exitValue() != 0) {
        throw new JvmProcessException(
            "'" + String.join(" ", kill) + "' for " + target + " failed: " + output.trim());
      }
    } catch (IOException failed) {
      throw new JvmProcessException(
          "cannot run '" + String.join(" ", kill) + "' for " + target + ": " + failed, failed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new JvmProcessException(
          "interrupted while sending SIG" + signal + " to " + target, interrupted);
    }
  }
}
