package io.eventgateway.testkit.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/** Collects a {@link JvmProcess}: {@link JvmProcess#builder}. Not thread-safe. */
public final class JvmProcessBuilder {
  private final String name;
  private final JvmCommand command;
  private final Path logFile;
  private Path workingDirectory;
  private Duration stopGrace = JvmProcess.DEFAULT_STOP_GRACE;
  private Consumer<String> outputListener;

  JvmProcessBuilder(String name, JvmCommand command, Path logFile) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a process needs a name");
    }
    this.name = name;
    this.command = Objects.requireNonNull(command, "command");
    this.logFile = Objects.requireNonNull(logFile, "logFile").toAbsolutePath();
  }

  /** Where the process runs; by default its log file's directory. Created on start. */
  public JvmProcessBuilder workingDirectory(Path directory) {
    this.workingDirectory = directory.toAbsolutePath();
    return this;
  }

  /**
   * How long {@link JvmProcess#close()} waits after SIGTERM before SIGKILL; zero for SIGKILL at
   * once, as for throw-away processes.
   */
  public JvmProcessBuilder stopGrace(Duration grace) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("the stop grace must not be negative, was " + grace);
    }
    this.stopGrace = grace;
    return this;
  }

  /**
   * Hands each line the process writes, as it comes, to {@code listener} (on a thread of its own),
   * e.g. to echo its warnings; the log file has them all the same.
   */
  public JvmProcessBuilder outputListener(Consumer<String> listener) {
    this.outputListener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  public JvmProcess build() {
    return new JvmProcess(name, command, logFile, workingDirectory, stopGrace, outputListener);
  }
}
