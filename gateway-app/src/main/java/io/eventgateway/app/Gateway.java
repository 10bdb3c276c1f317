package io.eventgateway.app;

import io.eventgateway.app.config.Durations;
import io.eventgateway.app.config.GatewayConfig;
import io.eventgateway.app.observe.Observability;
import io.eventgateway.core.application.EventValidator;
import io.eventgateway.core.application.PublishEventsService;
import io.eventgateway.core.application.ReconcileStreamsService;
import io.eventgateway.core.application.StreamAdminService;
import io.eventgateway.core.application.SubscribeService;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.out.ProvisioningReport;
import io.eventgateway.grpc.GatewayServices;
import io.eventgateway.grpc.GrpcGateway;
import io.eventgateway.grpc.GrpcGatewaySettings;
import io.eventgateway.grpc.publish.PublisherSettings;
import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.kafka.KafkaReachability;
import io.eventgateway.kafka.admin.KafkaClusterInspector;
import io.eventgateway.kafka.admin.KafkaStreamProvisioner;
import io.eventgateway.kafka.admin.KafkaStreamRegistry;
import io.eventgateway.kafka.embedded.EmbeddedKafkaBroker;
import io.eventgateway.kafka.embedded.EmbeddedKafkaSettings;
import io.eventgateway.kafka.monitor.KafkaClusterMonitor;
import io.eventgateway.kafka.monitor.KafkaClusterMonitorSettings;
import io.eventgateway.kafka.publish.KafkaEventLog;
import io.eventgateway.kafka.publish.KafkaPublisherSettings;
import io.eventgateway.kafka.subscribe.KafkaEventSource;
import io.eventgateway.kafka.subscribe.KafkaRecentEvents;
import io.eventgateway.kafka.subscribe.KafkaSubscriberSettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway: the wiring of the core with its adapters, and its life cycle.
 *
 * <p>Start-up order: the embedded broker (when no cluster is configured), the streams reconciled
 * with the cluster, the producers warmed up with the streams' metadata, then the gRPC server. A
 * failure at any step stops what was started and is rethrown.
 *
 * <p>Shutdown ({@link #close()}, e.g. on SIGTERM) is graceful: health turns NOT_SERVING and new
 * calls get UNAVAILABLE, open publish calls get the outcome of every event in flight, open
 * subscriptions end with UNAVAILABLE after their acknowledged offsets are committed (so a
 * subscriber reconnects to another instance and resumes where it was), the producers flush and
 * close, then the embedded broker stops cleanly.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(Gateway.class);

  /** The version in the jar's manifest, or {@code development} when run from classes. */
  public static final String VERSION =
      Optional.ofNullable(Gateway.class.getPackage().getImplementationVersion())
          .orElse("development");

  private final GatewayConfig config;
  private final Optional<EmbeddedKafkaBroker> broker;
  private final String bootstrapServers;
  private final KafkaStreamProvisioner provisioner;
  private final KafkaEventLog eventLog;
  private final PublishEventsService publishing;
  private final KafkaEventSource eventSource;
  private final KafkaClusterInspector inspector;
  private final KafkaStreamRegistry registry;
  private final SubscribeService subscribing;
  private final GrpcGateway grpc;
  private final KafkaReachability reachability;
  private final Observability observability;
  private final AutoCloseable producerMetrics;
  private final Optional<KafkaClusterMonitor> monitor;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch terminated = new CountDownLatch(1);

  private Gateway(
      GatewayConfig config,
      Optional<EmbeddedKafkaBroker> broker,
      String bootstrapServers,
      KafkaStreamProvisioner provisioner,
      KafkaEventLog eventLog,
      PublishEventsService publishing,
      KafkaEventSource eventSource,
      KafkaClusterInspector inspector,
      KafkaStreamRegistry registry,
      SubscribeService subscribing,
      GrpcGateway grpc,
      KafkaReachability reachability,
      Observability observability,
      AutoCloseable producerMetrics,
      Optional<KafkaClusterMonitor> monitor) {
    this.config = config;
    this.broker = broker;
    this.bootstrapServers = bootstrapServers;
    this.provisioner = provisioner;
    this.eventLog = eventLog;
    this.publishing = publishing;
    this.eventSource = eventSource;
    this.inspector = inspector;
    this.registry = registry;
    this.subscribing = subscribing;
    this.grpc = grpc;
    this.reachability = reachability;
    this.observability = observability;
    this.producerMetrics = producerMetrics;
    this.monitor = monitor;
  }

  /**
   * Starts a gateway as {@code config} says and returns once it serves gRPC.
   *
   * @throws GatewayStartException when a part cannot start; the parts already started are stopped
   */
  public static Gateway start(GatewayConfig config) {
    long started = System.nanoTime();
    Deque<AutoCloseable> startedParts = new ArrayDeque<>();
    try {
      // first, so that /health/live answers while the rest starts
      Observability observability = observability(config);
      startedParts.push(observability);
      Optional<EmbeddedKafkaBroker> broker = Optional.empty();
      String bootstrap;
      if (config.embeddedKafka()) {
        EmbeddedKafkaBroker embedded =
            EmbeddedKafkaBroker.start(
                new EmbeddedKafkaSettings(
                    config.dataDir(), config.kafkaPort(), config.kafkaControllerPort(), Map.of()));
        startedParts.push(embedded);
        broker = Optional.of(embedded);
        bootstrap = embedded.bootstrapServers();
      } else {
        bootstrap = config.bootstrapServers().orElseThrow();
      }
      KafkaConnection connection = new KafkaConnection(bootstrap, config.kafkaProperties());

      StreamCatalog catalog = new StreamCatalog(config.streams());
      KafkaStreamProvisioner provisioner =
          new KafkaStreamProvisioner(
              connection, KafkaStreamProvisioner.DEFAULT_TIMEOUT, config.limits().maxRecordBytes());
      startedParts.push(provisioner);
      // streams created at run time through any instance, before reconciling: they are served
      // and reconciled like declared ones
      KafkaStreamRegistry registry =
          new KafkaStreamRegistry(
              connection,
              KafkaStreamRegistry.DEFAULT_TOPIC,
              config.replication(),
              KafkaStreamRegistry.DEFAULT_TIMEOUT);
      startedParts.push(registry);
      registry.follow(registered -> adopt(catalog, registered));
      ProvisioningReport report = new ReconcileStreamsService(catalog, provisioner).reconcile();
      observability.readiness().streamsReconciled();

      KafkaReachability reachability =
          new KafkaReachability(
              connection,
              config.healthCheck().interval(),
              config.healthCheck().unreachableAfter(),
              Clock.systemUTC());
      startedParts.push(reachability);
      observability.measureStreams(catalog);
      KafkaEventLog eventLog =
          new KafkaEventLog(
              publisherSettings(config, connection),
              reachability::unreachableReason,
              observability.writeTimes());
      startedParts.push(eventLog);
      AutoCloseable producerMetrics = eventLog.bindMetrics(observability.registry());
      startedParts.push(producerMetrics);
      eventLog.warmUp(catalog.all());

      PublishEventsService publishing =
          new PublishEventsService(
              catalog,
              eventLog,
              new EventValidator(config.limits()),
              Clock.systemUTC(),
              config.deduplication());
      observability.inFlight(publishing::inFlight);
      long rememberedIds =
          publishing.rebuildDedupWindows(
              new KafkaRecentEvents(
                  connection, KafkaClusterInspector.DEFAULT_TIMEOUT.multipliedBy(6)));
      if (config.deduplication().enabled()) {
        LOGGER.info(
            "deduplication by event id on {} streams: window {}, at most {} ids per stream; {} ids"
                + " read back from the streams",
            config.deduplication().standardStreams() ? "all" : "critical",
            Durations.format(config.deduplication().window()),
            config.deduplication().maxIdsPerStream(),
            rememberedIds);
      }
      KafkaEventSource eventSource =
          new KafkaEventSource(KafkaSubscriberSettings.defaults(connection));
      startedParts.push(eventSource);
      KafkaClusterInspector inspector =
          new KafkaClusterInspector(connection, KafkaClusterInspector.DEFAULT_TIMEOUT);
      startedParts.push(inspector);
      Optional<KafkaClusterMonitor> monitor = Optional.empty();
      if (config.monitor().enabled()) {
        KafkaClusterMonitor clusterMonitor =
            new KafkaClusterMonitor(
                new KafkaClusterMonitorSettings(
                    connection,
                    config.monitor().interval(),
                    config.monitor().timeout(),
                    config.monitor().maxTimeLagLookups()));
        startedParts.push(clusterMonitor);
        observability.observeCluster(clusterMonitor);
        clusterMonitor.start();
        monitor = Optional.of(clusterMonitor);
      }
      SubscribeService subscribing =
          new SubscribeService(catalog, eventSource, inspector, Clock.systemUTC());
      StreamAdminService admin =
          new StreamAdminService(
              catalog, inspector, provisioner, registry, config.replication(), Clock.systemUTC());

      GrpcGateway grpc =
          GrpcGateway.onNetty(
              grpcSettings(config),
              new GatewayServices(
                  observability.meteredPublishing(publishing),
                  observability.meteredSubscribing(subscribing),
                  admin,
                  admin),
              List.of(observability.grpcInterceptor()));
      startedParts.push(grpc);
      grpc.start();

      Gateway gateway =
          new Gateway(
              config,
              broker,
              bootstrap,
              provisioner,
              eventLog,
              publishing,
              eventSource,
              inspector,
              registry,
              subscribing,
              grpc,
              reachability,
              observability,
              producerMetrics,
              monitor);
      reachability.onChange(gateway::kafkaReachabilityChanged);
      observability.readiness().kafkaFrom(reachability::unreachableReason);
      reachability.start();
      observability.readiness().started();
      gateway.logReady(Duration.ofNanos(System.nanoTime() - started), catalog, report);
      return gateway;
    } catch (IOException | RuntimeException failed) {
      closeQuietly(startedParts);
      throw new GatewayStartException(startFailureMessage(config, failed), failed);
    }
  }

  /** The port gRPC listens on (the bound one when configured with 0). */
  public int grpcPort() {
    return grpc.port();
  }

  /** Where the gateway's Kafka cluster takes clients, {@code host:port,...}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The port of the HTTP endpoint (metrics, health), when it serves one. */
  public Optional<Integer> httpPort() {
    return observability.httpPort();
  }

  /** Whether the gateway runs its own broker. */
  public boolean embeddedKafka() {
    return broker.isPresent();
  }

  /** Blocks until the gateway has stopped. */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /**
   * Stops gracefully within about {@link GatewayConfig#shutdownTimeout()}: drains gRPC, waits for
   * the outcome of every event in flight, closes the producers, then the admin client and the
   * embedded broker. Idempotent; a second call returns at once.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    Duration timeout = config.shutdownTimeout();
    LOGGER.info("shutting down: draining gRPC calls (up to {} s)", timeout.toSeconds());
    observability.readiness().draining();
    reachability.close();
    publishing.stopAccepting();
    subscribing.stopAccepting();
    try {
      boolean drained = grpc.drain(timeout);
      boolean idle = publishing.awaitIdle(remaining(started, timeout));
      if (!drained || !idle) {
        LOGGER.warn(
            "shutdown timeout reached with {} events in flight; their outcome is unknown",
            publishing.inFlight());
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      LOGGER.warn("interrupted while draining; stopping at once");
      grpc.close();
    }
    eventLog.close(remaining(started, timeout).plusSeconds(1));
    eventSource.close();
    monitor.ifPresent(KafkaClusterMonitor::close);
    inspector.close();
    registry.close();
    provisioner.close();
    broker.ifPresent(EmbeddedKafkaBroker::close);
    try {
      producerMetrics.close();
    } catch (Exception failed) {
      LOGGER.debug("while unbinding the producers' metrics", failed);
    }
    observability.close();
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
      grpc.setServing(reachable);
    }
  }

  /** Serves a registered stream, unless this instance declares one of that name itself. */
  private static void adopt(StreamCatalog catalog, StreamDefinition registered) {
    boolean known = catalog.find(registered.name()).isPresent();
    StreamDefinition held = catalog.adopt(registered);
    if (!known && held.equals(registered)) {
      LOGGER.info(
          "stream {}: registered ({} partitions, class {})",
          registered.name(),
          registered.partitions(),
          registered.streamClass().label());
    } else if (!held.equals(registered)) {
      LOGGER.warn(
          "stream {} is registered as {} but declared here as {}; this instance serves its own"
              + " declaration",
          registered.name(),
          registered,
          held);
    }
  }

  private static Duration remaining(long startedNanos, Duration timeout) {
    Duration left = timeout.minus(Duration.ofNanos(System.nanoTime() - startedNanos));
    return left.isNegative() ? Duration.ZERO : left;
  }

  private static Observability observability(GatewayConfig config) {
    GatewayConfig.Http http = config.http();
    try {
      return Observability.start(http.enabled(), http.host(), http.port(), VERSION);
    } catch (IOException cannotBind) {
      throw new GatewayStartException(
          "cannot listen for HTTP (metrics and health) on "
              + http.host()
              + ":"
              + http.port()
              + " ("
              + cannotBind.getMessage()
              + "); set --http-port or ESG_HTTP_PORT, or http.enabled: false",
          cannotBind);
    }
  }

  private static KafkaPublisherSettings publisherSettings(
      GatewayConfig config, KafkaConnection connection) {
    GatewayConfig.Producer producer = config.producer();
    return KafkaPublisherSettings.defaults(connection)
        .withCompression(producer.compression())
        .withLinger(producer.linger())
        .withBatchSize(producer.batchSize())
        .withMaxBlock(producer.maxBlock())
        .withTimeouts(producer.deliveryTimeout(), producer.requestTimeout())
        .withMaxRecordBytes(config.limits().maxRecordBytes());
  }

  private static GrpcGatewaySettings grpcSettings(GatewayConfig config) {
    return GrpcGatewaySettings.defaults()
        .withHost(config.grpcHost())
        .withPort(config.grpcPort())
        .withMaxInboundMessageBytes(config.maxInboundMessageBytes())
        .withMaxConcurrentCallsPerConnection(config.maxConcurrentCallsPerConnection())
        .withPublisher(new PublisherSettings(config.maxInFlightPerCall()))
        .requireRoomForData(config.limits().maxDataBytes());
  }

  private void logReady(Duration took, StreamCatalog catalog, ProvisioningReport report) {
    String kafka =
        broker
            .map(
                b ->
                    b.bootstrapServers()
                        + " (embedded, data in "
                        + config.dataDir().toAbsolutePath().normalize()
                        + ")")
            .orElse(bootstrapServers);
    String http =
        observability
            .httpPort()
            .map(port -> ", metrics and health on http://" + config.http().host() + ":" + port)
            .orElse("");
    LOGGER.info(
        "gateway ready in {} s: gRPC on {}:{}, Kafka on {}{}",
        String.format("%.1f", took.toMillis() / 1000.0),
        config.grpcHost(),
        grpc.port(),
        kafka,
        http);
    for (StreamDefinition stream : catalog.all()) {
      LOGGER.info(
          "stream {}: class {}, {} partitions, durability {}, retention {}, replication {},"
              + " min.insync.replicas {}{}",
          stream.name(),
          stream.streamClass().label(),
          stream.partitions(),
          stream.durability().name().toLowerCase(java.util.Locale.ROOT),
          Durations.format(stream.retention()),
          stream.replicationFactor(),
          stream.minInsyncReplicas(),
          report.created().contains(stream.name()) ? " (topic created)" : "");
    }
    report.updated().forEach(change -> LOGGER.info("reconciled: {}", change));
    report.drift().forEach(drift -> LOGGER.warn("cannot reconcile: {}", drift));
  }

  private static String startFailureMessage(GatewayConfig config, Exception failed) {
    String message = failed.getMessage() == null ? failed.toString() : failed.getMessage();
    if (failed instanceof IOException) {
      return "cannot listen for gRPC on "
          + config.grpcHost()
          + ":"
          + config.grpcPort()
          + " ("
          + message
          + "); set --grpc-port or ESG_GRPC_PORT";
    }
    return message;
  }

  private static void closeQuietly(Deque<AutoCloseable> parts) {
    while (!parts.isEmpty()) {
      AutoCloseable part = parts.pop();
      try {
        part.close();
      } catch (Exception ignored) {
        LOGGER.debug("while stopping {} after a failed start", part, ignored);
      }
    }
  }
}
