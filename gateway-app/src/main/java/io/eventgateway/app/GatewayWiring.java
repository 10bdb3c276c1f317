package io.eventgateway.app;

import io.eventgateway.app.config.GatewayConfig;
import io.eventgateway.app.config.KafkaConfig;
import io.eventgateway.app.observe.Observability;
import io.eventgateway.core.application.EventValidator;
import io.eventgateway.core.application.ManageConsumerGroupsService;
import io.eventgateway.core.application.ManageStreamsService;
import io.eventgateway.core.application.PublishEventsService;
import io.eventgateway.core.application.PublishLimits;
import io.eventgateway.core.application.ReconcileStreamsService;
import io.eventgateway.core.application.SubscribeService;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.MemoryBudget;
import io.eventgateway.core.port.out.ProvisioningReport;
import io.eventgateway.grpc.GrpcServer;
import io.eventgateway.grpc.GrpcServerSettings;
import io.eventgateway.grpc.UseCases;
import io.eventgateway.grpc.subscribe.SubscriberSettings;
import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.kafka.KafkaReachability;
import io.eventgateway.kafka.administration.KafkaClusterAdmin;
import io.eventgateway.kafka.administration.KafkaStreamProvisioner;
import io.eventgateway.kafka.administration.KafkaStreamRegistry;
import io.eventgateway.kafka.embedded.EmbeddedKafkaBroker;
import io.eventgateway.kafka.embedded.EmbeddedKafkaSettings;
import io.eventgateway.kafka.monitor.KafkaClusterMonitor;
import io.eventgateway.kafka.monitor.KafkaClusterMonitorSettings;
import io.eventgateway.kafka.publish.KafkaEventLog;
import io.eventgateway.kafka.subscribe.KafkaEventSource;
import io.eventgateway.kafka.subscribe.KafkaRecentEvents;
import io.eventgateway.kafka.subscribe.KafkaSubscriberSettings;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is built from what, and who decorates whom: the gateway's parts started in order, each added
 * to the {@link ShutdownSequence} as it starts. Read top to bottom, this is the whole system:
 *
 * <ol>
 *   <li>observability first, so that {@code /health/live} answers while the rest starts;
 *   <li>Kafka: the embedded broker when no cluster is configured, then the connection every Kafka
 *       client shares;
 *   <li>the streams: the catalogue from the configuration, streams registered at run time adopted
 *       into it, then both reconciled with the cluster;
 *   <li>publishing: Kafka's reachability, the event log (the producers), the core's {@link
 *       PublishEventsService} on it, its deduplication windows read back from the streams;
 *   <li>subscribing and administration: the event source, the cluster admin, the cluster monitor,
 *       and the core's services on them;
 *   <li>gRPC last, serving the core's use cases, each wrapped by its metrics decorator from {@link
 *       Observability}.
 * </ol>
 */
final class GatewayWiring {
  private static final Logger LOGGER = LoggerFactory.getLogger(Gateway.class);

  private GatewayWiring() {}

  /** What the running gateway holds on to after start-up. */
  record Parts(
      Observability observability,
      String bootstrapServers,
      StreamCatalog catalog,
      ProvisioningReport reconciled,
      KafkaReachability reachability,
      PublishEventsService publishing,
      SubscribeService subscribing,
      GrpcServer grpc) {}

  static Parts start(GatewayConfig config, ShutdownSequence shutdown) throws IOException {
    KafkaConfig kafka = config.kafka();
    PublishLimits limits = config.limits().toPublishLimits();
    Observability observability = shutdown.add("observability", observability(config));

    String bootstrap = kafka.bootstrapServers();
    if (kafka.embeddedBroker()) {
      KafkaConfig.Embedded embedded = kafka.embedded();
      EmbeddedKafkaBroker broker =
          shutdown.add(
              "embedded broker",
              EmbeddedKafkaBroker.start(
                  new EmbeddedKafkaSettings(
                      embedded.dataDir(), embedded.port(), embedded.controllerPort(), Map.of())));
      bootstrap = broker.bootstrapServers();
    }
    KafkaConnection connection = new KafkaConnection(bootstrap, kafka.properties());

    StreamCatalog catalog = new StreamCatalog(config.streamDefinitions());
    KafkaStreamProvisioner provisioner =
        shutdown.add(
            "provisioner",
            new KafkaStreamProvisioner(
                connection, KafkaStreamProvisioner.DEFAULT_TIMEOUT, limits.maxRecordBytes()));
    // streams created at run time through any instance, before reconciling: they are served and
    // reconciled like declared ones
    KafkaStreamRegistry registry =
        shutdown.add(
            "stream registry",
            new KafkaStreamRegistry(
                connection,
                KafkaStreamRegistry.DEFAULT_TOPIC,
                kafka.replicationPolicy(),
                KafkaStreamRegistry.DEFAULT_TIMEOUT));
    registry.follow(registered -> adopt(catalog, registered));
    ProvisioningReport reconciled = new ReconcileStreamsService(catalog, provisioner).reconcile();
    observability.readiness().streamsReconciled();

    KafkaReachability reachability =
        shutdown.add(
            "reachability",
            new KafkaReachability(
                connection,
                kafka.healthCheck().interval(),
                kafka.healthCheck().unreachableAfter(),
                Clock.systemUTC()));
    observability.measureStreams(catalog);
    KafkaEventLog eventLog =
        new KafkaEventLog(
            kafka
                .producer()
                .toPublisherSettings(
                    connection, limits.maxRecordBytes(), config.memory().maxBytes()),
            reachability::unreachableReason,
            observability.writeTimes());
    // the producers get what is left of the shutdown's time, and a second more to send
    shutdown.add("producers", () -> eventLog.close(shutdown.remaining().plusSeconds(1)));
    shutdown.add("producer metrics", eventLog.bindMetrics(observability.registry()));
    eventLog.warmUp(catalog.all());
    PublishEventsService publishing =
        new PublishEventsService(
            catalog,
            eventLog,
            new EventValidator(limits),
            Clock.systemUTC(),
            config.dedup().toDeduplication());
    observability.inFlight(publishing::inFlight);
    long rememberedIds =
        publishing.rebuildDedupWindows(
            new KafkaRecentEvents(connection, KafkaClusterAdmin.DEFAULT_TIMEOUT.multipliedBy(6)));
    StartupReport.deduplication(config.dedup().toDeduplication(), rememberedIds);

    KafkaEventSource eventSource =
        shutdown.add(
            "event source",
            new KafkaEventSource(
                KafkaSubscriberSettings.defaults(connection)
                    .withBudget(config.subscribe().budget(limits.maxRecordBytes()))));
    KafkaClusterAdmin clusterAdmin =
        shutdown.add(
            "cluster admin", new KafkaClusterAdmin(connection, KafkaClusterAdmin.DEFAULT_TIMEOUT));
    if (kafka.monitor().enabled()) {
      KafkaConfig.Monitor settings = kafka.monitor();
      KafkaClusterMonitor monitor =
          shutdown.add(
              "cluster monitor",
              new KafkaClusterMonitor(
                  new KafkaClusterMonitorSettings(
                      connection,
                      settings.interval(),
                      settings.timeout(),
                      settings.maxTimeLagLookups())));
      observability.observeCluster(monitor);
      monitor.start();
    }
    SubscribeService subscribing =
        new SubscribeService(catalog, eventSource, clusterAdmin, Clock.systemUTC());
    ManageStreamsService streams =
        new ManageStreamsService(
            catalog, clusterAdmin, provisioner, registry, kafka.replicationPolicy());
    ManageConsumerGroupsService groups =
        new ManageConsumerGroupsService(catalog, clusterAdmin, Clock.systemUTC());

    MemoryBudget memory = config.memory().toBudget();
    observability.observeMemory(memory);
    GrpcServer grpc =
        shutdown.add(
            "gRPC server",
            GrpcServer.onNetty(
                grpcSettings(config, limits),
                new UseCases(
                    observability.meteredPublishing(publishing),
                    observability.meteredSubscribing(subscribing),
                    streams,
                    groups),
                List.of(observability.grpcInterceptor()),
                memory));
    observability.observeEdge(grpc.edge());
    grpc.start();
    return new Parts(
        observability, bootstrap, catalog, reconciled, reachability, publishing, subscribing, grpc);
  }

  private static Observability observability(GatewayConfig config) {
    var http = config.http();
    try {
      return Observability.start(
          http.enabled(),
          http.host(),
          http.port(),
          Gateway.VERSION,
          config.metrics().toGroupLabelLimits());
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

  private static GrpcServerSettings grpcSettings(GatewayConfig config, PublishLimits limits) {
    var grpc = config.grpc();
    return new GrpcServerSettings(
            grpc.host(),
            grpc.port(),
            grpc.maxInboundMessageBytes(),
            grpc.maxConcurrentCallsPerConnection(),
            Runtime.getRuntime().availableProcessors(),
            GrpcServerSettings.KeepAlive.DEFAULTS,
            grpc.toPublisherSettings(),
            new SubscriberSettings(
                SubscriberSettings.DEFAULT_DELIVERY_BATCH,
                config.subscribe().budget(limits.maxRecordBytes()),
                config.subscribe().maxPerConnection(),
                config.subscribe().maxSubscriptions()),
            grpc.toEdgeSettings())
        .requireRoomForData(limits.maxDataBytes());
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
}
