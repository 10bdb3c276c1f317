package io.eventgateway.bench;

import java.io.PrintStream;
import picocli.CommandLine;

/** The entry point of {@code esg-bench.jar} ({@code ./esg bench ...}). */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return commandLine(System.out, System.err);
  }

  /**
   * The command line of the bench, printing its summary on {@code out}, progress on {@code err}.
   */
  static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine commandLine = new CommandLine(new BenchCommand(out, err));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(
        (failure, cmd, parsed) -> {
          cmd.getErr().println("esg bench: " + failure);
          return 2;
        });
    return commandLine;
  }
}
