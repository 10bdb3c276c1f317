package io.eventgateway.app.config;

import io.eventgateway.core.domain.ReplicationPolicy;
import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.kafka.publish.KafkaPublisherSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The {@code kafka} section: the cluster or the embedded broker, and every Kafka client. */
public record KafkaConfig(
    @Setting(
            value = "''",
            doc =
                "`host:port,...` of an external cluster; empty or blank: the gateway starts its"
                    + " embedded broker")
        String bootstrapServers,
    @Setting(doc = "the embedded broker, used when `kafka.bootstrap-servers` is empty")
        Embedded embedded,
    @Setting(doc = "replication of the streams on an external cluster") Replication replication,
    @Setting(doc = "the producers' batching, compression and time limits") Producer producer,
    @Setting(doc = "how the gateway tells that Kafka does not answer") HealthCheck healthCheck,
    @Setting(doc = "consumer lag of every group on the cluster, and the cluster's health")
        Monitor monitor,
    @Setting(
            value = "{}",
            doc =
                "Kafka client settings given to every Kafka client unchanged (Kafka's own names,"
                    + " such as `security.protocol`); values containing passwords, secrets,"
                    + " tokens, keys or JAAS settings are never printed")
        Map<String, String> properties) {

  public KafkaConfig {
    bootstrapServers = bootstrapServers.trim();
    properties = Map.copyOf(properties);
    if (properties.containsKey("bootstrap.servers")) {
      throw new IllegalArgumentException(
          "set the Kafka cluster with kafka.bootstrap-servers (or --bootstrap-servers /"
              + " ESG_BOOTSTRAP_SERVERS), not as the Kafka property bootstrap.servers");
    }
  }

  /** Whether the gateway starts its own broker. */
  public boolean embeddedBroker() {
    return bootstrapServers.isEmpty();
  }

  /**
   * The replication of streams that do not set their own: one replica on the embedded broker,
   * {@code kafka.replication} on a cluster.
   */
  public ReplicationPolicy replicationPolicy() {
    return embeddedBroker()
        ? ReplicationPolicy.SINGLE_BROKER
        : new ReplicationPolicy((short) replication.factor(), replication.minInsyncReplicas());
  }

  /** The embedded single-node broker (KRaft), on 127.0.0.1. */
  public record Embedded(
      @Setting(value = "9092", min = "1", max = "65535", doc = "port of the embedded broker")
          int port,
      @Setting(
              derived = "`kafka.embedded.port` + 1",
              min = "1",
              max = "65535",
              doc = "port of the embedded broker's KRaft controller; must differ from `port`")
          Integer controllerPort,
      @Setting(
              value = "./esg-data",
              doc =
                  "where the embedded broker keeps its data, kept across restarts; relative to"
                      + " the working directory")
          Path dataDir) {

    public Embedded {
      if (controllerPort == null) {
        controllerPort = port + 1;
      }
      if (controllerPort == port) {
        throw new IllegalArgumentException(
            "controller-port must differ from port, both are " + port);
      }
    }
  }

  /** Replication of streams on an external cluster; the embedded broker always has one replica. */
  public record Replication(
      @Setting(
              value = "3",
              min = "1",
              max = "32767",
              doc = "replication factor of every stream that does not set its own")
          int factor,
      @Setting(
              derived = "2 when `factor` is 3 or more, 1 when it is 1 or 2",
              min = "1",
              doc = "the basis of every stream's `min.insync.replicas`, 1 to the factor")
          Integer minInsyncReplicas) {

    public Replication {
      if (minInsyncReplicas == null) {
        minInsyncReplicas = withSlack(2, factor);
      }
      if (minInsyncReplicas > factor) {
        throw new IllegalArgumentException(
            "min-insync-replicas ("
                + minInsyncReplicas
                + ") must not exceed factor ("
                + factor
                + ")");
      }
    }

    /**
     * {@code minInsync}, lowered so that one replica of {@code factor} may be down without refusing
     * critical writes: factor 3 gives 2, factor 2 gives 1, factor 1 gives 1.
     */
    static int withSlack(int minInsync, int factor) {
      return Math.min(minInsync, Math.max(1, factor - 1));
    }
  }

  /** How the producers batch and compress, and how long an event may take. */
  public record Producer(
      @Setting(
              value = "snappy",
              oneOf = {"none", "gzip", "snappy", "lz4", "zstd"},
              doc = "`compression.type` of the producers")
          String compression,
      @Setting(
              value = "5ms",
              min = "0ms",
              max = "2147483647ms",
              doc = "`linger.ms`: how long a producer waits to fill a batch")
          Duration linger,
      @Setting(
              value = "65536",
              min = "0",
              doc = "`batch.size`: the largest batch per partition, in bytes")
          int batchSize,
      @Setting(
              value = "5s",
              min = "1ms",
              max = "2147483647ms",
              doc =
                  "`max.block.ms`: the longest a publish waits for a topic's metadata or for room"
                      + " in the producer's buffer; after it the event fails with UNAVAILABLE,"
                      + " not written")
          Duration maxBlock,
      @Setting(
              value = "30s",
              min = "1ms",
              max = "2147483647ms",
              doc =
                  "`delivery.timeout.ms`: the longest from taking an event to its outcome, retries"
                      + " included; after it the event fails with UNAVAILABLE, outcome unknown."
                      + " At least `linger` + `request-timeout`")
          Duration deliveryTimeout,
      @Setting(
              value = "10s",
              min = "1ms",
              max = "2147483647ms",
              doc =
                  "`request.timeout.ms`: how long one produce request may take before the"
                      + " producer retries it")
          Duration requestTimeout) {

    /** These settings as the Kafka adapter takes them, for records up to {@code maxRecordBytes}. */
    /**
     * The producers' settings; each producer may buffer {@code memoryBudget} plus one request, so
     * the gateway's memory budget stops publishers before a producer would block.
     */
    public KafkaPublisherSettings toPublisherSettings(
        KafkaConnection connection, int maxRecordBytes, long memoryBudget) {
      long maxRequest =
          Math.max(maxRecordBytes, KafkaPublisherSettings.KAFKA_DEFAULT_MAX_REQUEST_SIZE);
      return new KafkaPublisherSettings(
          connection,
          compression,
          linger,
          batchSize,
          maxBlock,
          deliveryTimeout,
          requestTimeout,
          maxRecordBytes,
          memoryBudget + maxRequest);
    }

    public Producer {
      if (deliveryTimeout.compareTo(linger.plus(requestTimeout)) < 0) {
        throw new IllegalArgumentException(
            "delivery-timeout ("
                + Durations.format(deliveryTimeout)
                + ") must be at least linger + request-timeout ("
                + Durations.format(linger.plus(requestTimeout))
                + ")");
      }
    }
  }

  /**
   * How the gateway tells that Kafka does not answer: a probe every {@code interval}; Kafka is
   * unreachable once none has succeeded for {@code unreachableAfter}.
   */
  public record HealthCheck(
      @Setting(
              value = "1s",
              min = "100ms",
              doc =
                  "how often the gateway asks the cluster for its brokers, and the longest one"
                      + " probe waits")
          Duration interval,
      @Setting(
              value = "5s",
              min = "100ms",
              doc =
                  "Kafka is unreachable once no probe has succeeded for this long: publishes then"
                      + " fail at once with UNAVAILABLE (not written) and gRPC health says"
                      + " NOT_SERVING. At least `interval`")
          Duration unreachableAfter) {

    public HealthCheck {
      if (unreachableAfter.compareTo(interval) < 0) {
        throw new IllegalArgumentException(
            "unreachable-after ("
                + Durations.format(unreachableAfter)
                + ") must be at least interval ("
                + Durations.format(interval)
                + ")");
      }
    }
  }

  /** The cluster monitor behind the lag and cluster-health metrics and the status page. */
  public record Monitor(
      @Setting(value = "true", doc = "whether the gateway runs its cluster monitor")
          boolean enabled,
      @Setting(value = "15s", min = "100ms", doc = "between two observations of the cluster")
          Duration interval,
      @Setting(
              value = "10s",
              min = "100ms",
              doc =
                  "the longest one observation may take; what it could not observe keeps its"
                      + " previous values")
          Duration timeout,
      @Setting(
              value = "1000",
              min = "0",
              doc =
                  "records read per observation to tell groups' time lag (the age of the oldest"
                      + " unconsumed event), largest lags first; `0` turns the time lag off")
          int maxTimeLagLookups) {}
}
