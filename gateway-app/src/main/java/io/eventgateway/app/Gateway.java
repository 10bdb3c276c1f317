package io.eventgateway.app;

import io.eventgateway.app.config.GatewayConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway's life cycle: start ({@link GatewayWiring} builds the parts in order), the
 * start-up report, and one way to stop ({@link ShutdownSequence}, the parts closed in reverse start
 * order), used both by a failed start and by {@link #close()}.
 *
 * <p>{@link #close()} (e.g. on SIGTERM) first drains: readiness and gRPC health turn NOT_SERVING,
 * new calls get UNAVAILABLE, open publish calls get the outcome of every event in flight, open
 * subscriptions end with UNAVAILABLE after their acknowledged offsets are committed (so a
 * subscriber resumes on another instance where it was). Then the parts close: the producers flush
 * with what is left of {@code shutdown-timeout}, then the clients, the embedded broker and the HTTP
 * listener.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(Gateway.class);

  /** The version in the jar's manifest, or {@code development} when run from classes. */
  public static final String VERSION =
      Optional.ofNullable(Gateway.class.getPackage().getImplementationVersion())
          .orElse("development");

  private final GatewayConfig config;
  private final GatewayWiring.Parts parts;
  private final ShutdownSequence shutdown;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch terminated = new CountDownLatch(1);

  private Gateway(GatewayConfig config, GatewayWiring.Parts parts, ShutdownSequence shutdown) {
    this.config = config;
    this.parts = parts;
    this.shutdown = shutdown;
  }

  /**
   * Starts a gateway as {@code config} says and returns once it serves gRPC.
   *
   * @throws GatewayStartException when a part cannot start; the parts already started are stopped
   */
  public static Gateway start(GatewayConfig config) {
    long started = System.nanoTime();
    ShutdownSequence shutdown = new ShutdownSequence();
    try {
      GatewayWiring.Parts parts = GatewayWiring.start(config, shutdown);
      Gateway gateway = new Gateway(config, parts, shutdown);
      parts.reachability().onChange(gateway::kafkaReachabilityChanged);
      parts.observability().readiness().kafkaFrom(parts.reachability()::unreachableReason);
      parts.reachability().start();
      parts.observability().readiness().started();
      StartupReport.ready(
          Duration.ofNanos(System.nanoTime() - started),
          config,
          parts.grpc().port(),
          parts.bootstrapServers(),
          parts.observability().httpPort(),
          parts.catalog(),
          parts.reconciled());
      return gateway;
    } catch (IOException | RuntimeException failed) {
      shutdown.begin(config.shutdownTimeout());
      shutdown.closeAll();
      throw new GatewayStartException(startFailureMessage(config, failed), failed);
    }
  }

  /** The port gRPC listens on (the bound one when configured with 0). */
  public int grpcPort() {
    return parts.grpc().port();
  }

  /** Where the gateway's Kafka cluster takes clients, {@code host:port,...}. */
  public String bootstrapServers() {
    return parts.bootstrapServers();
  }

  /** The port of the HTTP endpoint (metrics, health), when it serves one. */
  public Optional<Integer> httpPort() {
    return parts.observability().httpPort();
  }

  /** Whether the gateway runs its own broker. */
  public boolean embeddedKafka() {
    return config.kafka().embeddedBroker();
  }

  /** Blocks until the gateway has stopped. */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /**
   * Stops gracefully within about {@code shutdown-timeout}: drains, then closes the parts.
   * Idempotent; a second call returns at once.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    Duration timeout = config.shutdownTimeout();
    shutdown.begin(timeout);
    LOGGER.info("shutting down: draining gRPC calls (up to {} s)", timeout.toSeconds());
    parts.observability().readiness().draining();
    parts.publishing().stopAccepting();
    parts.subscribing().stopAccepting();
    try {
      boolean drained = parts.grpc().drain(timeout);
      boolean idle = parts.publishing().awaitIdle(shutdown.remaining());
      if (!drained || !idle) {
        LOGGER.warn(
            "shutdown timeout reached with {} events in flight; their outcome is unknown",
            parts.publishing().inFlight());
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      LOGGER.warn("interrupted while draining; stopping at once");
    }
    shutdown.closeAll();
    LOGGER.info(
        "gateway stopped in {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
    terminated.countDown();
  }

  /**
   * Kafka stopped or started answering: the gateway's gRPC health follows (NOT_SERVING while it
   * does not answer), unless the gateway is shutting down, which sets its own health.
   */
  private void kafkaReachabilityChanged(boolean reachable) {
    if (!closed.get()) {
      parts.grpc().setServing(reachable);
    }
  }

  private static String startFailureMessage(GatewayConfig config, Exception failed) {
    String message = failed.getMessage() == null ? failed.toString() : failed.getMessage();
    if (failed instanceof IOException) {
      return "cannot listen for gRPC on "
          + config.grpc().host()
          + ":"
          + config.grpc().port()
          + " ("
          + message
          + "); set --grpc-port or ESG_GRPC_PORT";
    }
    return message;
  }
}
