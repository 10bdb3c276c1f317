package io.eventgateway.testkit.process;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A child JVM: the one way tests and tools here run one. It runs a {@link JvmCommand}, can be
 * started again with it once stopped, and takes the signals a fault test sends: SIGTERM ({@link
 * #terminate}), SIGKILL ({@link #kill9}), SIGSTOP ({@link #pause}) and SIGCONT ({@link #resume}).
 *
 * <pre>{@code
 * try (JvmProcess gateway = JvmProcess.of("the gateway", command, directory.resolve("gateway.log"))) {
 *   gateway.start();
 *   gateway.awaitReady(JvmProcess.readyUrl(httpPort), Duration.ofSeconds(90));
 *   ...
 * } // SIGTERM, then SIGKILL after the stop grace
 * }</pre>
 *
 * <p>Its standard output and error are appended to its log file, each start preceded by a marker
 * line; the process never writes to a pipe this JVM has to drain, so a slow or paused test cannot
 * block it. Its standard input is a pipe this JVM holds open: a child that watches it sees its end
 * when this JVM dies. A process still running when this JVM exits is killed by a shutdown hook.
 *
 * <p>Readiness is awaited by polling, with Awaitility: {@link #awaitReady} until an HTTP URL (the
 * gateway's {@code /health/ready}) answers 200, {@link #awaitLogLine} until the output of this
 * start contains a line. Both fail as soon as the process ends; one that is not ready in time is
 * asked for a thread dump (SIGQUIT, which a JVM prints to its output), and the failure carries the
 * last lines of its log.
 *
 * <p>Thread-safe: starting, signalling and stopping are serialised; the waits, {@link #isRunning},
 * {@link #pid} and {@link #killNow} may be called from any thread, the last one at any time.
 */
public final class JvmProcess implements AutoCloseable {
  /** How long {@link #close()} lets a process stop after SIGTERM, unless the builder says. */
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

  private static final Duration KILL_WAIT = Duration.ofSeconds(30);
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> LIVE.forEach(Process::destroyForcibly), "jvm-process-kill-on-exit"));
  }

  private final String name;
  private final JvmCommand command;
  private final ProcessLog log;
  private final Readiness readiness;
  private final Path workingDirectory;
  private final Duration stopGrace;
  private final Consumer<String> outputListener;
  private volatile Process process;
  private volatile boolean paused;
  private OutputFollower follower; // guarded by this

  JvmProcess(
      String name,
      JvmCommand command,
      Path logFile,
      Path workingDirectory,
      Duration stopGrace,
      Consumer<String> outputListener) {
    this.name = name;
    this.command = command;
    this.log = new ProcessLog(logFile);
    this.readiness = new Readiness(name, log);
    this.workingDirectory = workingDirectory != null ? workingDirectory : log.file().getParent();
    this.stopGrace = stopGrace;
    this.outputListener = outputListener;
  }

  /** A process with the defaults: it runs in its log's directory, {@link #DEFAULT_STOP_GRACE}. */
  public static JvmProcess of(String name, JvmCommand command, Path logFile) {
    return builder(name, command, logFile).build();
  }

  /**
   * A builder for a process with other than the defaults.
   *
   * @param name what messages call it, e.g. "node 2"
   * @param logFile where its output goes; its directory is created on start
   */
  public static JvmProcessBuilder builder(String name, JvmCommand command, Path logFile) {
    return new JvmProcessBuilder(name, command, logFile);
  }

  /** {@code http://127.0.0.1:<port>/health/ready}, the gateway's readiness. */
  public static URI readyUrl(int httpPort) {
    return URI.create("http://127.0.0.1:" + httpPort + "/health/ready");
  }

  public String name() {
    return name;
  }

  public JvmCommand command() {
    return command;
  }

  public Path logFile() {
    return log.file();
  }

  /**
   * Starts the process; returns at once ({@link #awaitReady} and {@link #awaitLogLine} wait for
   * it).
   *
   * @throws IllegalStateException when it is running
   * @throws JvmProcessException when it cannot be started
   */
  public synchronized void start() {
    if (isRunning()) {
      throw new IllegalStateException(
          name + " is running (pid " + process.pid() + "); stop it before starting it");
    }
    try {
      log.markStart(name + ": " + command);
      Files.createDirectories(workingDirectory);
      ProcessBuilder builder =
          new ProcessBuilder(command.commandLine())
              .directory(workingDirectory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.file().toFile()));
      builder.environment().putAll(command.environment());
      Process started = builder.start();
      LIVE.add(started);
      var unused = started.onExit().thenRun(() -> LIVE.remove(started));
      process = started;
      paused = false;
      if (outputListener != null) {
        closeFollower();
        follower =
            OutputFollower.follow(
                name, log.file(), log.startOffset(), started::isAlive, outputListener);
      }
    } catch (IOException failed) {
      throw new JvmProcessException(
          "cannot start " + name + " (" + JvmCommand.java() + "): " + failed, failed);
    }
  }

  /**
   * Waits until a GET of {@code url} answers 200.
   *
   * @throws JvmProcessException when the process ends first or is not ready within {@code timeout},
   *     with its last answer and the last lines of its log; the process is left as it is
   */
  public void awaitReady(URI url, Duration timeout) {
    readiness.awaitHttp(started("awaited"), url, timeout);
  }

  /**
   * Waits until the output of this start contains {@code text}.
   *
   * @throws JvmProcessException as {@link #awaitReady} does
   */
  public void awaitLogLine(String text, Duration timeout) {
    readiness.awaitLogLine(started("awaited"), text, timeout);
  }

  public boolean isRunning() {
    Process current = process;
    return current != null && current.isAlive();
  }

  /** True while the process is alive and stopped by {@link #pause}. */
  public boolean isPaused() {
    return paused && isRunning();
  }

  /**
   * The process id of the running process.
   *
   * @throws IllegalStateException when it is not running
   */
  public long pid() {
    return requireRunning("has no pid").pid();
  }

  /** The exit status of the last start; empty while it runs or before the first. */
  public OptionalInt exitValue() {
    Process current = process;
    return current == null || current.isAlive()
        ? OptionalInt.empty()
        : OptionalInt.of(current.exitValue());
  }

  /**
   * SIGKILL, as a crash would, and waits until the process is gone.
   *
   * @throws IllegalStateException when it is not running
   */
  public synchronized void kill9() {
    Process current = requireRunning("cannot be killed");
    current.destroyForcibly();
    if (!waitForExit(current, KILL_WAIT)) {
      throw new JvmProcessException(
          name + " (pid " + current.pid() + ") still runs 30 s after SIGKILL");
    }
    paused = false;
  }

  /**
   * SIGTERM (after SIGCONT, when paused), and waits until the process has stopped.
   *
   * @return its exit status
   * @throws IllegalStateException when it is not running
   * @throws JvmProcessException when it has not stopped within {@code timeout}; it is then killed
   *     with SIGKILL
   */
  public synchronized int terminate(Duration timeout) {
    Process current = requireRunning("cannot be terminated");
    if (paused) {
      resume();
    }
    current.toHandle().destroy();
    if (!waitForExit(current, timeout)) {
      current.destroyForcibly();
      waitForExit(current, KILL_WAIT);
      throw new JvmProcessException(
          name
              + " (pid "
              + current.pid()
              + ") did not stop within "
              + timeout.toSeconds()
              + " s of SIGTERM; killed it with SIGKILL; "
              + log.describe());
    }
    return current.exitValue();
  }

  /**
   * SIGSTOP: the process stays alive but does nothing, as in a long GC pause or a frozen VM.
   *
   * @throws IllegalStateException when it is not running
   */
  public synchronized void pause() {
    Signals.send("STOP", requireRunning("cannot be paused").pid(), name);
    paused = true;
  }

  /** SIGCONT after {@link #pause()}. */
  public synchronized void resume() {
    Signals.send("CONT", requireRunning("cannot be resumed").pid(), name);
    paused = false;
  }

  /** SIGKILL without waiting; safe from any thread, a no-op when it is not running. */
  public void killNow() {
    Process current = process;
    if (current != null) {
      current.destroyForcibly();
    }
  }

  /** Waits up to {@code timeout} for the process to end; true when it has (or never ran). */
  public boolean awaitExit(Duration timeout) {
    Process current = process;
    return current == null || waitForExit(current, timeout);
  }

  /**
   * Asks the JVM for a thread dump (SIGQUIT), which it prints to its output, and waits up to 5 s
   * for it to be in the log.
   *
   * @return whether the dump's end was seen in the log in time
   */
  public boolean requestThreadDump() {
    return readiness.threadDump(requireRunning("cannot dump its threads"));
  }

  /** The output of the current (or last) start so far. */
  public String logSinceStart() {
    return log.sinceStart();
  }

  /** The lines of {@link #logSinceStart()}. */
  public List<String> linesSinceStart() {
    return log.sinceStart().lines().toList();
  }

  /** {@code last lines of <log file>:} and those lines, for failure messages. */
  public String describeLog() {
    return log.describe();
  }

  /**
   * Stops the process: SIGTERM (after SIGCONT, when paused), and SIGKILL when it has not stopped
   * within {@code grace}; with a zero grace, SIGKILL at once. Waits until it is gone; does nothing
   * when it is not running. Does not throw: an interrupt kills the process and is kept.
   *
   * @return its exit status; empty when it was never started or is still running after SIGKILL
   */
  public synchronized OptionalInt stop(Duration grace) {
    Process current = process;
    if (current != null && current.isAlive()) {
      try {
        if (paused) {
          Signals.send("CONT", current.pid(), name);
        }
      } catch (JvmProcessException alreadyGone) {
        // it ended meanwhile, or it gets SIGKILL below
      }
      if (grace.isZero() || grace.isNegative()) {
        current.destroyForcibly();
      } else {
        current.toHandle().destroy();
      }
      try {
        if (!waitForExit(current, grace)) {
          current.destroyForcibly();
          waitForExit(current, KILL_WAIT);
        }
      } catch (JvmProcessException interrupted) {
        current.destroyForcibly();
      }
    }
    paused = false;
    return exitValue();
  }

  /** {@link #stop(Duration)} with the builder's stop grace; then stops the output listener. */
  @Override
  public synchronized void close() {
    stop(stopGrace);
    closeFollower();
  }

  private void closeFollower() {
    if (follower != null) {
      follower.close();
      follower = null;
    }
  }

  @Override
  public String toString() {
    Process current = process;
    return name + (current != null && current.isAlive() ? " (pid " + current.pid() + ")" : "");
  }

  private Process started(String what) {
    Process current = process;
    if (current == null) {
      throw new IllegalStateException(name + " cannot be " + what + ": it was never started");
    }
    return current;
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

  /** Waits for {@code target} to end; true when it has. Keeps the thread's interrupt. */
  private static boolean waitForExit(Process target, Duration timeout) {
    try {
      return target.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new JvmProcessException("interrupted while waiting for a process", interrupted);
    }
  }
}
