package io.eventgateway.testkit.kafka;

import io.eventgateway.testkit.process.JvmProcess;
import io.eventgateway.testkit.process.JvmProcessException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One {@link ClusterNodeMain} process of a {@link KafkaCluster}: its settings and the {@link
 * JvmProcess} that runs it, started (again) on the same ports and data. Its output goes to {@code
 * node.log} in the node's directory. Failures of the process come out as {@link
 * KafkaClusterException}s; a node asked to do what its state does not allow throws {@link
 * IllegalStateException}, as the process does.
 *
 * <p>Not thread-safe: its cluster calls it under its own lock, except {@link #killNow()}, which is
 * safe from any thread at any time.
 */
final class ClusterNode {
  private final ClusterNodeSettings settings;
  private final JvmProcess process;

  ClusterNode(ClusterNodeSettings settings, JvmProcess process) {
    this.settings = settings;
    this.process = process;
  }

  int id() {
    return settings.nodeId();
  }

  ClusterNodeSettings settings() {
    return settings;
  }

  Path logFile() {
    return process.logFile();
  }

  /** Starts the process; returns at once. */
  void start() {
    translating(() -> process.start());
  }

  /** Waits until the node prints {@link ClusterNodeMain#READY}; the process is left as it is. */
  void awaitReady(Duration timeout) {
    translating(() -> process.awaitLogLine(ClusterNodeMain.READY, timeout));
  }

  boolean isRunning() {
    return process.isRunning();
  }

  boolean isPaused() {
    return process.isPaused();
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL, and waits until the process is gone. */
  void kill9() {
    translating(() -> process.kill9());
  }

  /** SIGTERM (after SIGCONT, when paused); SIGKILL and a failure after {@code timeout}. */
  void terminate(Duration timeout) {
    translating(() -> process.terminate(timeout));
  }

  void pause() {
    translating(() -> process.pause());
  }

  void resume() {
    translating(() -> process.resume());
  }

  /** SIGKILL without waiting; a no-op when the node is not running. */
  void killNow() {
    process.killNow();
  }

  /** Waits up to {@code timeout} for a process killed by {@link #killNow()} to be gone. */
  boolean awaitExit(Duration timeout) {
    return translated(() -> process.awaitExit(timeout));
  }

  private static void translating(Runnable action) {
    try {
      action.run();
    } catch (JvmProcessException failed) {
      throw new KafkaClusterException(failed.getMessage(), failed);
    }
  }

  private static <T> T translated(Supplier<T> action) {
    try {
      return action.get();
    } catch (JvmProcessException failed) {
      throw new KafkaClusterException(failed.getMessage(), failed);
    }
  }
}
