package io.eventgateway.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JVM the bench starts (the broker, the gateway), its output read line by line: lines with {@code
 * WARN} or {@code ERROR} are echoed on standard error with the process's name, the last lines are
 * kept for the message when it fails to start.
 */
final class ChildProcess implements AutoCloseable {
  private static final int KEPT_LINES = 60;
  private static final Duration POLL = Duration.ofMillis(100);

  private final String name;
  private final Process process;
  private final String readyMarker; // null when readiness is not told by a line
  private final CountDownLatch markerSeen = new CountDownLatch(1);
  private final Deque<String> lastLines = new ArrayDeque<>();
  private final PrintStream echo;
  private final Thread reader;

  private ChildProcess(String name, Process process, String readyMarker, PrintStream echo) {
    this.name = name;
    this.process = process;
    this.readyMarker = readyMarker;
    this.echo = echo;
    this.reader = new Thread(this::read, name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Whether a child that is still running is ready yet; asked every 100 ms until it says so. */
  @FunctionalInterface
  interface Readiness {
    boolean ready() throws InterruptedException;
  }

  /**
   * Starts {@code command} and waits until it prints a line containing {@code readyMarker}.
   *
   * @throws IOException when it cannot be started, ends, or is not ready within {@code timeout}
   */
  static ChildProcess start(
      String name, List<String> command, String readyMarker, Duration timeout, PrintStream echo)
      throws IOException, InterruptedException {
    ChildProcess child = launch(name, command, Map.of(), readyMarker, echo);
    child.awaitReady(() -> child.markerSeen.await(POLL.toMillis(), TimeUnit.MILLISECONDS), timeout);
    return child;
  }

  /**
   * Starts {@code command} with {@code environment} added and waits until {@code readiness} says it
   * is ready.
   *
   * @throws IOException when it cannot be started, ends, or is not ready within {@code timeout}
   */
  static ChildProcess start(
      String name,
      List<String> command,
      Map<String, String> environment,
      Readiness readiness,
      Duration timeout,
      PrintStream echo)
      throws IOException, InterruptedException {
    ChildProcess child = launch(name, command, environment, null, echo);
    child.awaitReady(() -> readiness.ready() || child.awaitExit(POLL), timeout);
    return child;
  }

  private static ChildProcess launch(
      String name,
      List<String> command,
      Map<String, String> environment,
      String readyMarker,
      PrintStream echo)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    return new ChildProcess(name, builder.start(), readyMarker, echo);
  }

  /**
   * Asks {@code readiness} until it says ready; it may wait a little itself. Closes the process and
   * fails when it ends, {@code timeout} passes or this thread is interrupted first.
   */
  private void awaitReady(Readiness readiness, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (!readiness.ready()) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          boolean ended = !process.isAlive();
          close();
          throw new IOException(
              name
                  + (ended ? " ended" : " not ready in " + timeout.toSeconds() + " s")
                  + "; its last output:\n"
                  + tail());
        }
      }
    } catch (InterruptedException interrupted) {
      close();
      throw interrupted;
    }
  }

  /** Waits up to {@code pause} for the process to end; false (not ready) either way. */
  private boolean awaitExit(Duration pause) throws InterruptedException {
    try {
      process.onExit().get(pause.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException stillRunning) {
      // ready is asked again
    }
    return false;
  }

  /** {@code <java.home>/bin/java}. */
  static String java() {
    return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  long pid() {
    return process.pid();
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        synchronized (lastLines) {
          lastLines.addLast(line);
          if (lastLines.size() > KEPT_LINES) {
            lastLines.removeFirst();
          }
        }
        if (readyMarker != null && line.contains(readyMarker)) {
          markerSeen.countDown();
        }
        if (line.contains(" WARN ") || line.contains(" ERROR ") || line.startsWith("Exception")) {
          echo.println("[" + name + "] " + line);
        }
      }
    } catch (IOException closed) {
      // the process ended
    }
  }

  String tail() {
    synchronized (lastLines) {
      return String.join("\n", lastLines);
    }
  }

  /** Asks the process to stop (SIGTERM, and end of its standard input), waits 60 s, then kills. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // already closed
    }
    process.toHandle().destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      reader.join(2_000);
    } catch (InterruptedException interrupted) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
