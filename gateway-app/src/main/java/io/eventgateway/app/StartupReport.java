package io.eventgateway.app;

import io.eventgateway.app.config.Durations;
import io.eventgateway.app.config.GatewayConfig;
import io.eventgateway.core.application.Deduplication;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.out.ProvisioningReport;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the gateway logs once it is ready: where it listens, its streams, what it reconciled. */
final class StartupReport {
  private static final Logger LOGGER = LoggerFactory.getLogger(Gateway.class);

  private StartupReport() {}

  static void deduplication(Deduplication deduplication, long rememberedIds) {
    if (deduplication.enabled()) {
      LOGGER.info(
          "deduplication by event id on {} streams: window {}, at most {} ids per stream; {} ids"
              + " read back from the streams",
          deduplication.standardStreams() ? "all" : "critical",
          Durations.format(deduplication.window()),
          deduplication.maxIdsPerStream(),
          rememberedIds);
    }
  }

  static void ready(
      Duration took,
      GatewayConfig config,
      int grpcPort,
      String bootstrapServers,
      Optional<Integer> httpPort,
      StreamCatalog catalog,
      ProvisioningReport report) {
    String kafka =
        config.kafka().embeddedBroker()
            ? bootstrapServers
                + " (embedded, data in "
                + config.kafka().embedded().dataDir().toAbsolutePath().normalize()
                + ")"
            : bootstrapServers;
    String http =
        httpPort
            .map(port -> ", metrics and health on http://" + config.http().host() + ":" + port)
            .orElse("");
    LOGGER.info(
        "gateway ready in {} s: gRPC on {}:{}, Kafka on {}{}",
        String.format(Locale.ROOT, "%.1f", took.toMillis() / 1000.0),
        config.grpc().host(),
        grpcPort,
        kafka,
        http);
    for (StreamDefinition stream : catalog.all()) {
      LOGGER.info(
          "stream {}: class {}, {} partitions, durability {}, retention {}, replication {},"
              + " min.insync.replicas {}{}",
          stream.name(),
          stream.streamClass().label(),
          stream.partitions(),
          stream.durability().name().toLowerCase(Locale.ROOT),
          Durations.format(stream.retention()),
          stream.replicationFactor(),
          stream.minInsyncReplicas(),
          report.created().contains(stream.name()) ? " (topic created)" : "");
    }
    report.updated().forEach(change -> LOGGER.info("reconciled: {}", change));
    report.drift().forEach(drift -> LOGGER.warn("cannot reconcile: {}", drift));
  }
}
