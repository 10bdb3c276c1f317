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
import java.util.concurrent.TimeUnit;

/**
 * A JVM the bench starts (the broker, the gateway), its output read line by line: lines with {@code
 * WARN} or {@code ERROR} are echoed on standard error with the process's name, the last lines are
 * kept for the message when it fails to start.
 */
final class ChildProcess implements AutoCloseable {
  private static final int KEPT_LINES = 60;

  private final String name;
  private final Process process;
  private final String readyMarker;
  private final CountDownLatch ready = new CountDownLatch(1);
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

  /**
   * Starts {@code command} and waits until it prints a line containing {@code readyMarker}.
   *
   * @throws IOException when it cannot be started, ends, or is not ready within {@code timeout}
   */
  static ChildProcess start(
      String name, List<String> command, String readyMarker, Duration timeout, PrintStream echo)
      throws IOException, InterruptedException {
    return start(name, command, Map.of(), readyMarker, timeout, echo);
  }

  /**
   * As {@link #start(String, List, String, Duration, PrintStream)}, with {@code environment} added.
   */
  static ChildProcess start(
      String name,
      List<String> command,
      Map<String, String> environment,
      String readyMarker,
      Duration timeout,
      PrintStream echo)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    ChildProcess child = new ChildProcess(name, process, readyMarker, echo);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!child.ready.await(100, TimeUnit.MILLISECONDS)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        child.close();
        throw new IOException(
            name
                + (process.isAlive() ? " not ready in " + timeout.toSeconds() + " s" : " ended")
                + "; its last output:\n"
                + child.tail());
      }
    }
    return child;
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
        if (line.contains(readyMarker)) {
          ready.countDown();
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
