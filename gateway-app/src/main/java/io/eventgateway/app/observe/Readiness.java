package io.eventgateway.app.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether the gateway is ready for traffic: it has started (the streams are reconciled with the
 * cluster), Kafka answers, and it is not shutting down. What {@code /health/ready} and the {@code
 * esg_ready} gauge report. Thread-safe.
 */
public final class Readiness {
  private volatile boolean started;
  private volatile boolean streamsReconciled;
  private volatile Supplier<Optional<String>> kafkaUnreachable =
      () -> Optional.of("not connected yet");
  private volatile boolean draining;

  /** The streams were reconciled with the cluster. */
  public void streamsReconciled() {
    streamsReconciled = true;
  }

  /** Start-up finished: the gateway serves gRPC. */
  public void started() {
    started = true;
  }

  /** From now on, why Kafka does not answer, or empty when it does, comes from {@code probe}. */
  public void kafkaFrom(Supplier<Optional<String>> probe) {
    kafkaUnreachable = probe;
  }

  /** The gateway is shutting down; it stays not ready. */
  public void draining() {
    draining = true;
  }

  public boolean kafkaReachable() {
    return kafkaUnreachable.get().isEmpty();
  }

  public boolean streamsAreReconciled() {
    return streamsReconciled;
  }

  /** Ready when nothing is wrong. */
  public boolean ready() {
    return problems().isEmpty();
  }

  /** Why the gateway is not ready; empty when it is. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (draining) {
      problems.add("the gateway is shutting down");
    } else if (!started) {
      problems.add("the gateway is starting");
    }
    if (!streamsReconciled) {
      problems.add("the streams are not reconciled with the cluster yet");
    }
    kafkaUnreachable.get().ifPresent(reason -> problems.add("Kafka is unreachable: " + reason));
    return problems;
  }
}
