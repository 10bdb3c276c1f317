package io.eventgateway.app.observe;

import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.port.in.PublishEventsUseCase;
import io.eventgateway.core.port.in.SubscribeUseCase;
import io.eventgateway.core.port.out.EventLog;
import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The gateway's metrics registry, readiness and HTTP endpoint, and the decorators that count what
 * the core does. {@code Gateway.start} creates it first, so {@code /health/live} answers while the
 * rest starts, then hands it each part to measure.
 */
public final class Observability implements AutoCloseable {
  private final PrometheusMeterRegistry registry;
  private final Readiness readiness;
  private final Optional<ObservabilityServer> server;
  private volatile PublishMeters publishMeters;

  private Observability(
      PrometheusMeterRegistry registry, Readiness readiness, Optional<ObservabilityServer> server) {
    this.registry = registry;
    this.readiness = readiness;
    this.server = server;
  }

  /**
   * A registry with the JVM's metrics and the gateway's health gauges, served over HTTP on {@code
   * host:port} unless {@code serveHttp} is false.
   *
   * @throws IOException when the HTTP address cannot be bound
   */
  public static Observability start(boolean serveHttp, String host, int port, String version)
      throws IOException {
    PrometheusMeterRegistry registry = GatewayMetrics.newRegistry(version);
    Readiness readiness = new Readiness();
    Optional<ObservabilityServer> server = Optional.empty();
    if (serveHttp) {
      try {
        server = Optional.of(ObservabilityServer.start(host, port, registry, readiness));
      } catch (IOException | RuntimeException failed) {
        registry.close();
        throw failed;
      }
    }
    Observability observability = new Observability(registry, readiness, server);
    observability.registerHealth();
    return observability;
  }

  private void registerHealth() {
    GatewayMetrics.flag(
        registry,
        GatewayMetrics.KAFKA_REACHABLE,
        "1 while Kafka answers the gateway's probes",
        readiness::kafkaReachable);
    GatewayMetrics.flag(
        registry,
        GatewayMetrics.STREAMS_RECONCILED,
        "1 once the declared streams were reconciled with the cluster",
        readiness::streamsAreReconciled);
    GatewayMetrics.flag(
        registry,
        GatewayMetrics.READY,
        "1 while the gateway is ready for traffic (as /health/ready)",
        readiness::ready);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public Readiness readiness() {
    return readiness;
  }

  /** The HTTP port, when it serves HTTP. */
  public Optional<Integer> httpPort() {
    return server.map(ObservabilityServer::port);
  }

  /** Measures publishing to the streams of {@code catalog}; call before the decorators below. */
  public void measureStreams(StreamCatalog catalog) {
    publishMeters = new PublishMeters(registry, catalog);
  }

  /** {@code log}, timing every write. */
  public EventLog meteredLog(EventLog log) {
    return new MeteredEventLog(log, meters());
  }

  /** {@code publishing}, counting every event's outcome. */
  public PublishEventsUseCase meteredPublishing(PublishEventsUseCase publishing) {
    return new MeteredPublishing(publishing, meters());
  }

  /** {@code subscribing}, counting subscriptions, deliveries and acknowledgements. */
  public SubscribeUseCase meteredSubscribing(SubscribeUseCase subscribing) {
    return new MeteredSubscribing(subscribing, registry);
  }

  /** The gauge of events accepted whose write has not completed. */
  public void inFlight(LongSupplier events) {
    Gauge.builder(GatewayMetrics.PUBLISH_IN_FLIGHT, events::getAsLong)
        .description("Events accepted whose write to Kafka has not completed")
        .baseUnit("events")
        .register(registry);
  }

  /** Micrometer's per-call gRPC metrics: calls by service, method and status; messages; time. */
  public ServerInterceptor grpcInterceptor() {
    return new MetricCollectingServerInterceptor(registry);
  }

  private PublishMeters meters() {
    PublishMeters meters = publishMeters;
    if (meters == null) {
      throw new IllegalStateException("measureStreams first");
    }
    return meters;
  }

  @Override
  public void close() {
    server.ifPresent(ObservabilityServer::close);
    registry.close();
  }
}
