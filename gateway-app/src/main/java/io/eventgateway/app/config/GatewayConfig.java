package io.eventgateway.app.config;

import io.eventgateway.core.application.Deduplication;
import io.eventgateway.core.application.PublishLimits;
import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.ReplicationPolicy;
import io.eventgateway.core.domain.StreamClass;
import io.eventgateway.core.domain.StreamDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The gateway's resolved configuration: command-line flags over environment over the configuration
 * file over built-in defaults. Immutable; {@link #toString()} masks secrets.
 *
 * @param grpcHost address the gRPC server binds to (default 127.0.0.1)
 * @param grpcPort gRPC port, 0 for any free port (default 50051)
 * @param maxInFlightPerCall events in flight per PublishStream call (default 1024)
 * @param maxInboundMessageBytes largest gRPC message accepted (default 8 MiB)
 * @param maxConcurrentCallsPerConnection concurrent calls per client connection (default 128)
 * @param http the HTTP listener for metrics, health and the status page
 * @param bootstrapServers the Kafka cluster; empty to start the embedded broker (default empty)
 * @param kafkaPort the embedded broker's port (default 9092)
 * @param kafkaControllerPort the embedded broker's KRaft controller port (default kafkaPort + 1)
 * @param dataDir where the embedded broker keeps its data (default ./esg-data)
 * @param producer the producers' batching, compression and time limits
 * @param healthCheck how the gateway tells that Kafka does not answer
 * @param monitor the cluster monitor behind the lag and cluster health metrics
 * @param kafkaProperties Kafka client settings passed to every Kafka client unchanged
 * @param streams the declared streams
 * @param replication replication factor and min.insync.replicas of streams created at run time
 *     through {@code AdminService.CreateStream} (1/1 on the embedded broker, 3/2 by default)
 * @param limits limits on what publishers send
 * @param deduplication deduplication by event id (default: critical streams, a 5-minute window, at
 *     most 50,000 ids per stream)
 * @param shutdownTimeout how long a graceful shutdown may take (default 30s)
 */
public record GatewayConfig(
    String grpcHost,
    int grpcPort,
    int maxInFlightPerCall,
    int maxInboundMessageBytes,
    int maxConcurrentCallsPerConnection,
    Http http,
    Optional<String> bootstrapServers,
    int kafkaPort,
    int kafkaControllerPort,
    Path dataDir,
    Producer producer,
    HealthCheck healthCheck,
    Monitor monitor,
    Map<String, String> kafkaProperties,
    List<StreamDefinition> streams,
    ReplicationPolicy replication,
    PublishLimits limits,
    Deduplication deduplication,
    Duration shutdownTimeout) {

  /** The deduplication used when the configuration says nothing. */
  public static final Deduplication DEFAULT_DEDUPLICATION =
      new Deduplication(Duration.ofMinutes(5), 50_000, false);

  public static final String DEFAULT_GRPC_HOST = "127.0.0.1";
  public static final int DEFAULT_GRPC_PORT = 50051;
  public static final int DEFAULT_KAFKA_PORT = 9092;
  public static final int DEFAULT_PARTITIONS = 3;
  public static final int DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 8 * 1024 * 1024;

  public GatewayConfig {
    kafkaProperties = Map.copyOf(kafkaProperties);
    streams = List.copyOf(streams);
    if (maxInboundMessageBytes <= limits.maxDataBytes()) {
      throw new IllegalArgumentException(
          "grpc.max-inbound-message-bytes ("
              + maxInboundMessageBytes
              + ") must exceed limits.max-data-bytes ("
              + limits.maxDataBytes()
              + ")");
    }
  }

  /** Whether the gateway starts its own broker. */
  public boolean embeddedKafka() {
    return bootstrapServers.isEmpty();
  }

  /**
   * The HTTP listener: Prometheus metrics at {@code /metrics}, {@code /health/live}, {@code
   * /health/ready} and the status page at {@code /}.
   *
   * @param enabled whether to listen at all (default true)
   * @param host address to bind (default 127.0.0.1)
   * @param port port, 0 for any free one (default 9464)
   */
  public record Http(boolean enabled, String host, int port) {
    public static final Http DEFAULTS = new Http(true, "127.0.0.1", 9464);

    public Http {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("http.host must not be blank");
      }
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("http.port must be between 0 and 65535, was " + port);
      }
    }
  }

  /**
   * How the producers batch and compress, and how long an event may take.
   *
   * @param compression none, gzip, snappy, lz4 or zstd (default snappy)
   * @param linger how long a producer waits to fill a batch (default 5 ms)
   * @param batchSize the largest batch per partition in bytes (default 65536)
   * @param maxBlock the longest a publish may wait for a topic's metadata or for room in the
   *     producer's buffer before it fails as not written (default 5 s)
   * @param deliveryTimeout the longest from taking an event to its outcome, retries included; after
   *     it the outcome is unknown (default 30 s; at least linger + requestTimeout)
   * @param requestTimeout how long one produce request may take before it is retried (default 10 s)
   */
  public record Producer(
      String compression,
      Duration linger,
      int batchSize,
      Duration maxBlock,
      Duration deliveryTimeout,
      Duration requestTimeout) {
    public static final Producer DEFAULTS =
        new Producer(
            "snappy",
            Duration.ofMillis(5),
            65_536,
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofSeconds(10));

    public Producer {
      if (deliveryTimeout.compareTo(linger.plus(requestTimeout)) < 0) {
        throw new IllegalArgumentException(
            "kafka.producer.delivery-timeout ("
                + deliveryTimeout
                + ") must be at least kafka.producer.linger + kafka.producer.request-timeout ("
                + linger.plus(requestTimeout)
                + ")");
      }
    }
  }

  /**
   * How the gateway tells that Kafka does not answer: a probe every {@code interval}; Kafka is
   * unreachable once none has succeeded for {@code unreachableAfter}. While it is, publishes fail
   * at once with UNAVAILABLE (not written) and the gateway reports not ready.
   *
   * @param interval between probes, and the longest one waits (default 1 s; at least 100 ms)
   * @param unreachableAfter (default 5 s; at least {@code interval})
   */
  public record HealthCheck(Duration interval, Duration unreachableAfter) {
    public static final HealthCheck DEFAULTS =
        new HealthCheck(Duration.ofSeconds(1), Duration.ofSeconds(5));

    public HealthCheck {
      if (interval.toMillis() < 100) {
        throw new IllegalArgumentException(
            "kafka.health-check.interval must be at least 100ms, was " + interval);
      }
      if (unreachableAfter.compareTo(interval) < 0) {
        throw new IllegalArgumentException(
            "kafka.health-check.unreachable-after ("
                + unreachableAfter
                + ") must be at least kafka.health-check.interval ("
                + interval
                + ")");
      }
    }
  }

  /**
   * The cluster monitor: every {@code interval} it reads the consumer lag of every group on the
   * cluster and the cluster's health (brokers, controller quorum, partitions, log dirs), for the
   * metrics and the status page. Each gateway instance runs its own: a handful of batched admin
   * requests per refresh.
   *
   * @param enabled whether to run it (default true)
   * @param interval between refreshes (default 15 s; at least 100 ms)
   * @param timeout the longest one refresh may take (default 10 s; at least 100 ms)
   * @param maxTimeLagLookups records read per refresh to tell the time lag (the age of a group's
   *     oldest unconsumed event), largest lags first; 0 turns the time lag off (default 1000)
   */
  public record Monitor(
      boolean enabled, Duration interval, Duration timeout, int maxTimeLagLookups) {
    public static final Monitor DEFAULTS =
        new Monitor(true, Duration.ofSeconds(15), Duration.ofSeconds(10), 1000);

    public Monitor {
      if (maxTimeLagLookups < 0) {
        throw new IllegalArgumentException(
            "kafka.monitor.max-time-lag-lookups must not be negative, was " + maxTimeLagLookups);
      }
    }
  }

  /** Values given on the command line or in the environment; {@code null} means not given. */
  public record Overrides(
      String grpcHost,
      Integer grpcPort,
      String httpHost,
      Integer httpPort,
      String bootstrapServers,
      Integer kafkaPort,
      Integer kafkaControllerPort,
      Path dataDir,
      Map<String, String> kafkaProperties) {
    public static Overrides none() {
      return new Overrides(null, null, null, null, null, null, null, null, Map.of());
    }
  }

  /** Resolves {@code file} with {@code overrides} on top. */
  public static GatewayConfig resolve(ConfigFile file, Overrides overrides) {
    ConfigFile.Grpc grpc = orEmpty(file.grpc(), new ConfigFile.Grpc(null, null, null, null, null));
    ConfigFile.Http http = orEmpty(file.http(), new ConfigFile.Http(null, null, null));
    ConfigFile.Kafka kafka =
        orEmpty(file.kafka(), new ConfigFile.Kafka(null, null, null, null, null, null, null));
    ConfigFile.Embedded embedded = orEmpty(kafka.embedded(), new ConfigFile.Embedded(null, null));
    ConfigFile.Limits fileLimits =
        orEmpty(file.limits(), new ConfigFile.Limits(null, null, null, null, null, null));

    String bootstrap = first(overrides.bootstrapServers(), kafka.bootstrapServers(), "").trim();
    int kafkaPort = first(overrides.kafkaPort(), embedded.port(), DEFAULT_KAFKA_PORT);
    Map<String, String> properties = new LinkedHashMap<>();
    if (kafka.properties() != null) {
      properties.putAll(kafka.properties());
    }
    properties.putAll(overrides.kafkaProperties());
    if (properties.containsKey("bootstrap.servers")) {
      throw new IllegalArgumentException(
          "set the Kafka cluster with kafka.bootstrap-servers (or --bootstrap-servers /"
              + " ESG_BOOTSTRAP_SERVERS), not as a Kafka property");
    }

    ReplicationPolicy replication = replicationPolicy(bootstrap.isEmpty(), kafka.replication());
    PublishLimits defaults = PublishLimits.DEFAULTS;
    PublishLimits limits =
        new PublishLimits(
            first(fileLimits.maxDataBytes(), defaults.maxDataBytes()),
            first(fileLimits.maxAttributes(), defaults.maxAttributes()),
            first(fileLimits.maxAttributeValueLength(), defaults.maxAttributeValueLength()),
            first(fileLimits.maxFieldLength(), defaults.maxFieldLength()),
            first(fileLimits.maxIdLength(), defaults.maxIdLength()),
            first(fileLimits.maxBatchEvents(), defaults.maxBatchEvents()));

    return new GatewayConfig(
        first(overrides.grpcHost(), grpc.host(), DEFAULT_GRPC_HOST),
        first(overrides.grpcPort(), grpc.port(), DEFAULT_GRPC_PORT),
        first(grpc.maxInFlightPerCall(), 1024),
        first(grpc.maxInboundMessageBytes(), DEFAULT_MAX_INBOUND_MESSAGE_BYTES),
        first(grpc.maxConcurrentCallsPerConnection(), 128),
        new Http(
            first(http.enabled(), Http.DEFAULTS.enabled()),
            first(overrides.httpHost(), http.host(), Http.DEFAULTS.host()),
            first(overrides.httpPort(), http.port(), Http.DEFAULTS.port())),
        bootstrap.isEmpty() ? Optional.empty() : Optional.of(bootstrap),
        kafkaPort,
        first(overrides.kafkaControllerPort(), embedded.controllerPort(), kafkaPort + 1),
        first(
            overrides.dataDir(),
            file.dataDir() == null ? null : Path.of(file.dataDir()),
            Path.of("esg-data")),
        producer(kafka.producer()),
        healthCheck(kafka.healthCheck()),
        monitor(kafka.monitor()),
        properties,
        streams(file.streams(), replication, bootstrap.isEmpty()),
        replication,
        limits,
        deduplication(file.dedup()),
        file.shutdownTimeout() == null
            ? Duration.ofSeconds(30)
            : positive(
                Durations.parse(file.shutdownTimeout(), "shutdown-timeout"), "shutdown-timeout"));
  }

  /** The catalogue used when the configuration declares no streams: events, raw and audit. */
  public static List<ConfigFile.StreamDeclaration> defaultStreams() {
    return List.of(
        new ConfigFile.StreamDeclaration("events", "events", null, null, null, null, null),
        new ConfigFile.StreamDeclaration("raw", "raw", null, null, null, null, null),
        new ConfigFile.StreamDeclaration("audit", "audit", null, null, null, null, null));
  }

  private static Duration positive(Duration duration, String what) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + duration);
    }
    return duration;
  }

  private static Producer producer(ConfigFile.Producer declared) {
    if (declared == null) {
      return Producer.DEFAULTS;
    }
    return new Producer(
        first(declared.compression(), Producer.DEFAULTS.compression()),
        duration(declared.linger(), "kafka.producer.linger", Producer.DEFAULTS.linger()),
        first(declared.batchSize(), Producer.DEFAULTS.batchSize()),
        positiveDuration(
            declared.maxBlock(), "kafka.producer.max-block", Producer.DEFAULTS.maxBlock()),
        positiveDuration(
            declared.deliveryTimeout(),
            "kafka.producer.delivery-timeout",
            Producer.DEFAULTS.deliveryTimeout()),
        positiveDuration(
            declared.requestTimeout(),
            "kafka.producer.request-timeout",
            Producer.DEFAULTS.requestTimeout()));
  }

  private static Deduplication deduplication(ConfigFile.Dedup declared) {
    if (declared == null) {
      return DEFAULT_DEDUPLICATION;
    }
    Duration window = duration(declared.window(), "dedup.window", DEFAULT_DEDUPLICATION.window());
    if (window.isNegative()) {
      throw new IllegalArgumentException("dedup.window must not be negative, was " + window);
    }
    int maxIds = first(declared.maxIdsPerStream(), DEFAULT_DEDUPLICATION.maxIdsPerStream());
    if (maxIds < 1) {
      throw new IllegalArgumentException(
          "dedup.max-ids-per-stream must be at least 1, was " + maxIds);
    }
    return new Deduplication(
        window, maxIds, first(declared.standardStreams(), DEFAULT_DEDUPLICATION.standardStreams()));
  }

  private static HealthCheck healthCheck(ConfigFile.HealthCheck declared) {
    if (declared == null) {
      return HealthCheck.DEFAULTS;
    }
    return new HealthCheck(
        positiveDuration(
            declared.interval(), "kafka.health-check.interval", HealthCheck.DEFAULTS.interval()),
        positiveDuration(
            declared.unreachableAfter(),
            "kafka.health-check.unreachable-after",
            HealthCheck.DEFAULTS.unreachableAfter()));
  }

  private static Monitor monitor(ConfigFile.Monitor declared) {
    if (declared == null) {
      return Monitor.DEFAULTS;
    }
    return new Monitor(
        first(declared.enabled(), Monitor.DEFAULTS.enabled()),
        positiveDuration(
            declared.interval(), "kafka.monitor.interval", Monitor.DEFAULTS.interval()),
        positiveDuration(declared.timeout(), "kafka.monitor.timeout", Monitor.DEFAULTS.timeout()),
        first(declared.maxTimeLagLookups(), Monitor.DEFAULTS.maxTimeLagLookups()));
  }

  private static Duration duration(String declared, String key, Duration otherwise) {
    return declared == null ? otherwise : Durations.parse(declared, key);
  }

  private static Duration positiveDuration(String declared, String key, Duration otherwise) {
    return positive(duration(declared, key, otherwise), key);
  }

  /**
   * {@code minInsync}, lowered so that one replica of {@code factor} may be down without refusing
   * critical writes: factor 3 gives 2, factor 2 gives 1, factor 1 gives 1.
   */
  private static int withSlack(int minInsync, int factor) {
    return Math.min(minInsync, Math.max(1, factor - 1));
  }

  private static ReplicationPolicy replicationPolicy(
      boolean embedded, ConfigFile.Replication declared) {
    if (embedded) {
      return ReplicationPolicy.SINGLE_BROKER;
    }
    if (declared == null) {
      return ReplicationPolicy.PRODUCTION;
    }
    int factor = first(declared.factor(), (int) ReplicationPolicy.PRODUCTION.replicationFactor());
    int minInsync =
        first(
            declared.minInsyncReplicas(),
            withSlack(ReplicationPolicy.PRODUCTION.minInsyncReplicas(), factor));
    return new ReplicationPolicy((short) factor, minInsync);
  }

  private static List<StreamDefinition> streams(
      List<ConfigFile.StreamDeclaration> declared,
      ReplicationPolicy replication,
      boolean embedded) {
    List<ConfigFile.StreamDeclaration> declarations =
        declared == null || declared.isEmpty() ? defaultStreams() : declared;
    List<StreamDefinition> definitions = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int i = 0; i < declarations.size(); i++) {
      String where = "streams[" + i + "]";
      StreamDefinition definition = definition(declarations.get(i), where, replication);
      Integer earlier = seen.putIfAbsent(definition.name(), i);
      if (earlier != null) {
        throw new IllegalArgumentException(
            where
                + " ("
                + definition.name()
                + "): the stream is declared twice (first at streams["
                + earlier
                + "])");
      }
      if (embedded && definition.replicationFactor() > 1) {
        throw new IllegalArgumentException(
            where
                + " ("
                + definition.name()
                + "): replication-factor "
                + definition.replicationFactor()
                + " needs a Kafka cluster of that many brokers; the embedded broker is one"
                + " (set kafka.bootstrap-servers to use a cluster)");
      }
      definitions.add(definition);
    }
    return definitions;
  }

  private static StreamDefinition definition(
      ConfigFile.StreamDeclaration declaration, String where, ReplicationPolicy replication) {
    String name = declaration.name();
    String at = name == null ? where : where + " (" + name + ")";
    try {
      if (declaration.streamClass() == null) {
        throw new IllegalArgumentException("class is required (events, raw or audit)");
      }
      StreamClass streamClass = StreamClass.named(declaration.streamClass());
      Durability durability =
          declaration.durability() == null
              ? streamClass.defaultDurability()
              : durability(declaration.durability());
      Duration retention =
          declaration.retention() == null
              ? streamClass.defaultRetention()
              : Durations.parse(declaration.retention(), "retention");
      short factor =
          declaration.replicationFactor() == null
              ? replication.replicationFactor()
              : declaration.replicationFactor().shortValue();
      int minInsync =
          declaration.minInsyncReplicas() == null
              ? withSlack(replication.minInsyncReplicas(), factor)
              : declaration.minInsyncReplicas();
      return new StreamDefinition(
          name,
          streamClass,
          first(declaration.partitions(), DEFAULT_PARTITIONS),
          durability,
          retention,
          factor,
          minInsync);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
    }
  }

  private static Durability durability(String name) {
    try {
      return Durability.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "durability '" + name + "' is not standard or critical", e);
    }
  }

  @SafeVarargs
  private static <T> T first(T... candidates) {
    for (T candidate : candidates) {
      if (candidate != null) {
        return candidate;
      }
    }
    throw new IllegalStateException("no default");
  }

  private static <T> T orEmpty(T value, T empty) {
    return value != null ? value : empty;
  }

  /** Kafka property names whose values are never printed. */
  static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return lower.contains("password")
        || lower.contains("secret")
        || lower.contains("jaas")
        || lower.endsWith(".key")
        || lower.contains("token")
        || lower.contains("credential");
  }

  @Override
  public String toString() {
    String properties =
        kafkaProperties.entrySet().stream()
            .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? "[hidden]" : e.getValue()))
            .collect(Collectors.joining(", ", "{", "}"));
    return "GatewayConfig[grpc="
        + grpcHost
        + ":"
        + grpcPort
        + ", http="
        + (http.enabled() ? http.host() + ":" + http.port() : "off")
        + ", kafka="
        + bootstrapServers.orElse("embedded 127.0.0.1:" + kafkaPort + " data " + dataDir)
        + ", kafkaProperties="
        + properties
        + ", streams="
        + streams.stream().map(StreamDefinition::name).toList()
        + ", limits="
        + limits
        + "]";
  }
}
