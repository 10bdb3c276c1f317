package io.eventgateway.app.observe;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.port.MemoryBudget;
import io.eventgateway.core.port.in.PublishEventsUseCase;
import io.eventgateway.core.port.in.SubscribeUseCase;
import io.eventgateway.core.port.out.monitor.ClusterMonitor;
import io.eventgateway.core.port.out.monitor.ClusterObservation;
import io.eventgateway.grpc.edge.DirectMemory;
import io.eventgateway.grpc.edge.EdgeCounters;
import io.eventgateway.grpc.edge.EdgeSettings;
import io.eventgateway.kafka.publish.WriteTimes;
import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The gateway's metrics registry, readiness and HTTP endpoint, and the decorators that count what
 * the core does. {@code Gateway.start} creates it first, so {@code /health/live} answers while the
 * rest starts, then hands it each part to measure.
 */
public final class Observability implements AutoCloseable {
  private final PrometheusMeterRegistry registry;
  private final String version;
  private final Readiness readiness = new Readiness();

  /** Set once, by {@link #start}, before the instance is handed out. */
  private Optional<ObservabilityServer> server = Optional.empty();

  private volatile LongSupplier inFlight = () -> 0;
  private final RecentErrors recentErrors = new RecentErrors();
  private volatile PublishMeters publishMeters;
  private volatile Optional<ClusterMonitor> clusterMonitor = Optional.empty();
  private ClusterMetrics clusterMetrics;
  private final GroupLabelLimits groupLabels;
  private volatile MeteredSubscribing meteredSubscribing;

  private Observability(
      PrometheusMeterRegistry registry, String version, GroupLabelLimits groupLabels) {
    this.registry = registry;
    this.version = version;
    this.groupLabels = groupLabels;
  }

  /**
   * A registry with the JVM's metrics and the gateway's health gauges, served over HTTP on {@code
   * host:port} unless {@code serveHttp} is false; consumer group labels bounded by {@code
   * groupLabels}.
   *
   * @throws IOException when the HTTP address cannot be bound
   */
  public static Observability start(
      boolean serveHttp, String host, int port, String version, GroupLabelLimits groupLabels)
      throws IOException {
    PrometheusMeterRegistry registry = MetricNames.newRegistry(version);
    Observability observability = new Observability(registry, version, groupLabels);
    if (serveHttp) {
      try {
        observability.server =
            Optional.of(
                ObservabilityServer.start(
                    host,
                    port,
                    registry,
                    observability::beforeScrape,
                    observability.readiness,
                    observability::status));
      } catch (IOException | RuntimeException failed) {
        registry.close();
        throw failed;
      }
    }
    observability.registerHealth();
    return observability;
  }

  private void registerHealth() {
    MetricNames.flag(
        registry,
        MetricNames.KAFKA_REACHABLE,
        "1 while Kafka answers the gateway's probes",
        readiness::kafkaReachable);
    MetricNames.flag(
        registry,
        MetricNames.STREAMS_RECONCILED,
        "1 once the declared streams were reconciled with the cluster",
        readiness::streamsAreReconciled);
    MetricNames.flag(
        registry,
        MetricNames.READY,
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

  /**
   * Where the Kafka event log tells how long each written event took (the Kafka-write latency
   * histogram of the event's stream). Call {@link #measureStreams} first.
   */
  public WriteTimes writeTimes() {
    PublishMeters meters = meters();
    return (stream, nanos) -> meters.of(stream).kafkaWriteDuration.record(nanos, NANOSECONDS);
  }

  /** {@code publishing}, counting every event's outcome. */
  public PublishEventsUseCase meteredPublishing(PublishEventsUseCase publishing) {
    return new MeteredPublishing(publishing, meters(), recentErrors);
  }

  /**
   * {@code subscribing}, counting subscriptions, deliveries and acknowledgements per stream and
   * group, the group labels bounded ({@link MeteredSubscribing}). Call once.
   */
  public SubscribeUseCase meteredSubscribing(SubscribeUseCase subscribing) {
    MeteredSubscribing metered =
        new MeteredSubscribing(subscribing, registry, groupLabels, System::nanoTime);
    meteredSubscribing = metered;
    return metered;
  }

  /** The gauge of events accepted whose write has not completed. */
  public void inFlight(LongSupplier events) {
    inFlight = events;
    Gauge.builder(MetricNames.PUBLISH_IN_FLIGHT, events::getAsLong)
        .description("Events accepted whose write to Kafka has not completed")
        .baseUnit("events")
        .register(registry);
  }

  /**
   * The gauges and counters of the HTTP/2 edge ({@code counters}: connections open, refusals by
   * limit, bytes of unfinished request messages) and of Netty's direct memory (used and max).
   */
  public void observeEdge(EdgeCounters counters) {
    Gauge.builder(MetricNames.GRPC_CONNECTIONS_OPEN, counters::openConnections)
        .description("gRPC connections open")
        .register(registry);
    for (String limit :
        List.of(
            EdgeSettings.MAX_CONNECTIONS_KEY,
            EdgeSettings.MAX_CONNECTIONS_PER_ADDRESS_KEY,
            EdgeSettings.MAX_METADATA_BYTES_KEY,
            EdgeSettings.UNFINISHED_MESSAGE_TIMEOUT_KEY,
            EdgeSettings.MAX_UNFINISHED_BYTES_PER_CONNECTION_KEY,
            EdgeSettings.MAX_UNFINISHED_BYTES_KEY)) {
      FunctionCounter.builder(MetricNames.GRPC_EDGE_REFUSALS, counters, c -> c.refusals(limit))
          .description("Connections refused and calls ended by a limit of the HTTP/2 edge")
          .tag(MetricNames.LIMIT, limit)
          .register(registry);
    }
    Gauge.builder(MetricNames.GRPC_UNFINISHED, counters::unfinishedBytes)
        .description("Bytes of request messages received in part, on all connections")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder(MetricNames.NETTY_DIRECT_MEMORY_USED, DirectMemory::used)
        .description("Direct memory used by Netty's buffers (the JVM's direct pool included)")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder(MetricNames.NETTY_DIRECT_MEMORY_MAX, DirectMemory::max)
        .description("The most direct memory Netty allocates")
        .baseUnit("bytes")
        .register(registry);
  }

  /**
   * Shows what {@code monitor} observes of the cluster (consumer lag of every group, brokers,
   * quorum, partitions, log dirs) as metrics and on the status page.
   */
  public synchronized void observeCluster(ClusterMonitor monitor) {
    clusterMetrics = new ClusterMetrics(registry, monitor, groupLabels.maxGroups());
    clusterMonitor = Optional.of(monitor);
  }

  /** Publishes the memory budget's size and use as {@code esg_memory_budget*_bytes}. */
  public void observeMemory(MemoryBudget budget) {
    Gauge.builder(MetricNames.MEMORY_BUDGET, budget, MemoryBudget::capacity)
        .description("The memory budget, memory.max-bytes: most bytes of events held at once")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder(MetricNames.MEMORY_BUDGET_USED, budget, MemoryBudget::used)
        .description("Bytes of events the gateway holds or has asked publishers for now")
        .baseUnit("bytes")
        .register(registry);
  }

  /**
   * Brings the cluster gauges up to date with the monitor's latest observation, and removes the
   * subscription meters that have been idle for the expiry.
   */
  synchronized void beforeScrape() {
    MeteredSubscribing subscriptions = meteredSubscribing;
    if (subscriptions != null) {
      subscriptions.expireIdle();
    }
    if (clusterMetrics != null) {
      clusterMetrics.update();
    }
  }

  /** Micrometer's per-call gRPC metrics: calls by service, method and status; messages; time. */
  public ServerInterceptor grpcInterceptor() {
    return new MetricCollectingServerInterceptor(registry);
  }

  /** What the status page shows, now. */
  GatewayStatus status() {
    PublishMeters meters = publishMeters;
    Optional<ClusterMonitor> monitor = clusterMonitor;
    Optional<ClusterObservation> observation = monitor.flatMap(ClusterMonitor::latest);
    return new GatewayStatus(
        version,
        Instant.now().toString(),
        ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0,
        new GatewayStatus.Health(
            readiness.ready(),
            readiness.kafkaReachable(),
            readiness.streamsAreReconciled(),
            readiness.problems()),
        inFlight.getAsLong(),
        meters == null ? List.of() : meters.totals(),
        observation.map(o -> ClusterStatusView.cluster(o, monitor.orElseThrow())).orElse(null),
        observation.map(o -> o.groups().size()).orElse(0),
        observation.map(ClusterStatusView::groups).orElse(List.of()),
        recentErrors.latest());
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
