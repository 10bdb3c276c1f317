package io.eventgateway.app.config;

import io.eventgateway.core.domain.StreamDefinition;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The gateway's configuration, shaped like the YAML file: one record per section, each key defined
 * once by the {@link Setting} on its component (name, default, range, documentation) and the checks
 * of its record's compact constructor. Built from files, the environment and flags by {@link
 * ConfigSources}; immutable; {@link #toString()} masks secrets.
 */
public record GatewayConfig(
    @Setting(doc = "the gRPC listener") GrpcConfig grpc,
    @Setting(doc = "the HTTP listener for metrics, health and the status page") HttpConfig http,
    @Setting(doc = "the Kafka cluster or the embedded broker, producers, client properties")
        KafkaConfig kafka,
    @Setting(doc = "limits on what publishers send") LimitsConfig limits,
    @Setting(doc = "deduplication by event id") DedupConfig dedup,
    @Setting(doc = "the memory budget: what the gateway holds of events at once")
        MemoryConfig memory,
    @Setting(doc = "bounds on metric labels that clients choose") MetricsConfig metrics,
    @Setting(doc = "what subscriptions may cost: bytes per subscriber, subscriptions")
        SubscribeConfig subscribe,
    @Setting(
            value = "30s",
            min = "1ms",
            doc =
                "how long a graceful shutdown (SIGTERM, Ctrl-C) may take: the drain of open calls,"
                    + " then the producers' flush")
        Duration shutdownTimeout,
    @Setting(
            value =
                "[{name: events, class: events}, {name: raw, class: raw}, {name: audit, class: audit}]",
            doc = "the declared streams; publishers may write only to these")
        List<StreamConfig> streams) {

  public GatewayConfig {
    streams = StreamDeclarations.withReplication(streams, kafka);
    grpc = grpc.within(memory);
    requireAtLeast(
        "grpc.max-in-flight-bytes-per-call",
        grpc.maxInFlightBytesPerCall(),
        "grpc.max-inbound-message-bytes",
        grpc.maxInboundMessageBytes());
    requireAtLeast(
        "memory.max-bytes",
        memory.maxBytes(),
        "grpc.max-in-flight-bytes-per-call",
        grpc.maxInFlightBytesPerCall());
    if (grpc.maxInboundMessageBytes() <= limits.maxDataBytes()) {
      throw new IllegalArgumentException(
          "grpc.max-inbound-message-bytes ("
              + grpc.maxInboundMessageBytes()
              + ") must exceed limits.max-data-bytes ("
              + limits.maxDataBytes()
              + ")");
    }
  }

  private static void requireAtLeast(String key, long value, String otherKey, long other) {
    if (value < other) {
      throw new IllegalArgumentException(
          key + " (" + value + ") must be at least " + otherKey + " (" + other + ")");
    }
  }

  /** The declared streams as the core serves them, with replication resolved. */
  public List<StreamDefinition> streamDefinitions() {
    return StreamDeclarations.definitions(streams, kafka);
  }

  @Override
  public String toString() {
    KafkaConfig.Embedded embedded = kafka.embedded();
    return "GatewayConfig[grpc="
        + grpc.host()
        + ":"
        + grpc.port()
        + ", http="
        + (http.enabled() ? http.host() + ":" + http.port() : "off")
        + ", kafka="
        + (kafka.embeddedBroker()
            ? "embedded 127.0.0.1:" + embedded.port() + " data " + embedded.dataDir()
            : kafka.bootstrapServers())
        + ", kafkaProperties="
        + kafka.properties().entrySet().stream()
            .map(e -> e.getKey() + "=" + SecretMasking.mask(e.getKey(), e.getValue()))
            .collect(Collectors.joining(", ", "{", "}"))
        + ", streams="
        + streams.stream().map(StreamConfig::name).toList()
        + ", limits="
        + limits
        + "]";
  }
}
