package io.eventgateway.faults;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process of the fault suite (a {@link ClusterNode}, the {@link GatewayNode}) and what can be
 * done to it: start (again, with the same command), SIGKILL, SIGTERM, SIGSTOP and SIGCONT.
 *
 * <p>The process's standard output and error are appended to its log file, each start preceded by a
 * marker line; the process never writes to a pipe this JVM has to drain, so a slow or paused test
 * cannot block it. Its standard input is a pipe this JVM holds open: a process that watches it (as
 * {@link ClusterNodeMain} does) sees its end when this JVM dies, and stops.
 *
 * <p>Not thread-safe: its owner calls it from one thread or under its own lock. Only {@link
 * #killNow()}, for a shutdown hook, may be called from any thread at any time.
 */
class ManagedProcess {
  private static final int TAIL_LINES = 40;
  private static final int TAIL_BYTES = 16 * 1024;
  private static final Duration POLL = Duration.ofMillis(100);

  private final String name;
  private final String readyMarker;
  private final Path logFile;
  private final List<String> command;
  private volatile Process process;
  private boolean paused;
  private long logOffsetOfThisStart;

  /**
   * @param name what messages call it, e.g. "node 2"
   * @param command the command that starts it
   * @param logFile where its output goes
   * @param readyMarker what it prints once it is ready
   */
  ManagedProcess(String name, List<String> command, Path logFile, String readyMarker) {
    this.name = name;
    this.command = List.copyOf(command);
    this.logFile = logFile;
    this.readyMarker = readyMarker;
  }

  String name() {
    return name;
  }

  Path logFile() {
    return logFile;
  }

  /** Starts the process; returns at once ({@link #awaitReady} waits for it to take requests). */
  void start() {
    if (isRunning()) {
      throw new IllegalStateException(
          name + " is running (pid " + process.pid() + "); stop it before starting it");
    }
    try {
      Files.createDirectories(logFile.getParent());
      Files.writeString(
          logFile,
          "===== " + Instant.now() + " starting " + name + ": " + command + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      logOffsetOfThisStart = Files.size(logFile);
      process =
          new ProcessBuilder(command)
              .directory(logFile.getParent().toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
      paused = false;
    } catch (IOException failed) {
      throw new KafkaClusterException(
          "cannot start " + name + " (" + command.get(0) + "): " + failed, failed);
    }
  }

  /**
   * Waits until the process prints {@link ClusterNodeMain#READY}.
   *
   * @throws KafkaClusterException when it ends first or is not ready within {@code timeout}, with
   *     the last lines of its log; the process is left as it is
   */
  void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!logSinceStart().contains(readyMarker)) {
      Process current = process;
      if (!current.isAlive()) {
        throw new KafkaClusterException(
            name
                + " (pid "
                + current.pid()
                + ") exited with status "
                + current.exitValue()
                + " before it was ready; "
                + describeLog());
      }
      if (System.nanoTime() > deadline) {
        throw new KafkaClusterException(
            name
                + " (pid "
                + current.pid()
                + ") did not print its ready line within "
                + timeout.toSeconds()
                + " s; "
                + describeLog());
      }
      waitForExit(current, POLL);
    }
  }

  boolean isRunning() {
    Process current = process;
    return current != null && current.isAlive();
  }

  boolean isPaused() {
    return paused && isRunning();
  }

  long pid() {
    return requireRunning("has no pid").pid();
  }

  /** SIGKILL, and waits until the process is gone. */
  void kill9() {
    Process current = requireRunning("cannot be killed");
    current.destroyForcibly();
    if (!waitForExit(current, Duration.ofSeconds(30))) {
      throw new KafkaClusterException(
          name + " (pid " + current.pid() + ") still runs 30 s after SIGKILL");
    }
    paused = false;
  }

  /**
   * SIGTERM (after SIGCONT, when paused), and waits until the process has stopped. A process that
   * does not stop within {@code timeout} is killed with SIGKILL and reported.
   */
  void terminate(Duration timeout) {
    Process current = requireRunning("cannot be terminated");
    if (paused) {
      resume();
    }
    current.destroy();
    if (!waitForExit(current, timeout)) {
      current.destroyForcibly();
      waitForExit(current, Duration.ofSeconds(30));
      throw new KafkaClusterException(
          name
              + " (pid "
              + current.pid()
              + ") did not stop within "
              + timeout.toSeconds()
              + " s of SIGTERM; killed it with SIGKILL; "
              + describeLog());
    }
  }

  /** SIGSTOP: the process stays alive but does nothing, as in a long GC pause or a frozen VM. */
  void pause() {
    signal("STOP", requireRunning("cannot be paused"));
    paused = true;
  }

  /** SIGCONT after {@link #pause()}. */
  void resume() {
    signal("CONT", requireRunning("cannot be resumed"));
    paused = false;
  }

  /** SIGKILL without waiting; safe from any thread, a no-op when it is not running. */
  void killNow() {
    Process current = process;
    if (current != null) {
      current.destroyForcibly();
    }
  }

  /** Waits up to {@code timeout} for a process killed by {@link #killNow()} to be gone. */
  boolean awaitExit(Duration timeout) {
    Process current = process;
    return current == null || waitForExit(current, timeout);
  }

  /** "last lines of <file>:" and those lines, for error messages. */
  String describeLog() {
    return "last lines of " + logFile + ":\n" + tail();
  }

  private String tail() {
    try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
      long start = Math.max(0, file.length() - TAIL_BYTES);
      byte[] bytes = new byte[(int) (file.length() - start)];
      file.seek(start);
      file.readFully(bytes);
      List<String> lines = List.of(new String(bytes, StandardCharsets.UTF_8).split("\n", -1));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    } catch (IOException unreadable) {
      return "(cannot read " + logFile + ": " + unreadable + ")";
    }
  }

  private String logSinceStart() {
    try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
      byte[] bytes = new byte[(int) Math.max(0, file.length() - logOffsetOfThisStart)];
      file.seek(logOffsetOfThisStart);
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException unreadable) {
      throw new UncheckedIOException("cannot read " + logFile, unreadable);
    }
  }

  private Process requireRunning(String what) {
    Process current = process;
    if (current == null) {
      throw new IllegalStateException(name + " " + what + ": it was never started");
    }
    if (!current.isAlive()) {
      throw new IllegalStateException(
          name
              + " "
              + what
              + ": it is not running (its process "
              + current.pid()
              + " exited with status "
              + current.exitValue()
              + ")");
    }
    return current;
  }

  /** Sends a signal with {@code kill}: Java has no API for SIGSTOP and SIGCONT. */
  private void signal(String signal, Process target) {
    List<String> kill = List.of("kill", "-" + signal, Long.toString(target.pid()));
    try {
      Process sender = new ProcessBuilder(kill).redirectErrorStream(true).start();
      String output = new String(sender.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!sender.waitFor(10, TimeUnit.SECONDS) || sender.exitValue() != 0) {
        throw new KafkaClusterException(
            "'" + String.join(" ", kill) + "' for " + name + " failed: " + output.trim());
      }
    } catch (IOException failed) {
      throw new KafkaClusterException(
          "cannot run '" + String.join(" ", kill) + "' for " + name + ": " + failed, failed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new KafkaClusterException(
          "interrupted while sending SIG" + signal + " to " + name, interrupted);
    }
  }

  /** Waits for {@code target} to end; true when it has. Keeps the thread's interrupt. */
  private static boolean waitForExit(Process target, Duration timeout) {
    try {
      return target.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new KafkaClusterException("interrupted while waiting for a process", interrupted);
    }
  }
}
