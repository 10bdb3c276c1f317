package io.eventgateway.app.ops;

import io.eventgateway.app.testing.ExternalTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Prometheus' {@code promtool}, found on the PATH and run as a process (see {@link ExternalTools}:
 * without it the tests that need it are skipped, unless {@code ESG_REQUIRE_TOOLS=1}).
 */
final class Promtool {
  private final Path executable;

  private Promtool(Path executable) {
    this.executable = executable;
  }

  /** The promtool on the PATH; skips the calling test, or fails it under ESG_REQUIRE_TOOLS=1. */
  static Promtool onPathOrSkip() {
    return new Promtool(
        ExternalTools.require(
            "promtool",
            "`apt-get install prometheus` (Debian, Ubuntu) or from https://prometheus.io/download/"));
  }

  /** {@code promtool check rules <file>}: syntax, PromQL and templates of a rule file. */
  ExternalTools.Result checkRules(Path ruleFile) {
    return run(ruleFile.getParent(), "check", "rules", ruleFile.toString());
  }

  /** {@code promtool test rules <file>}: the unit tests, rule files relative to the test file. */
  ExternalTools.Result testRules(Path testFile) {
    return run(testFile.getParent(), "test", "rules", testFile.toString());
  }

  private ExternalTools.Result run(Path workingDirectory, String... arguments) {
    try {
      return ExternalTools.run(executable, workingDirectory, null, arguments);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run promtool", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running promtool", e);
    }
  }
}
