package io.eventgateway.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The YAML configuration file, as written. Every field may be absent ({@code null}); {@link
 * GatewayConfig} applies flags, environment and defaults on top. Unknown keys are errors, so a typo
 * does not silently fall back to a default.
 */
public record ConfigFile(
    Grpc grpc,
    Http http,
    Kafka kafka,
    String dataDir,
    Limits limits,
    Dedup dedup,
    String shutdownTimeout,
    List<StreamDeclaration> streams) {

  /** Deduplication by event id. */
  public record Dedup(String window, Integer maxIdsPerStream, Boolean standardStreams) {}

  /** The gRPC listener. */
  public record Grpc(
      String host,
      Integer port,
      Integer maxInFlightPerCall,
      Integer maxInboundMessageBytes,
      Integer maxConcurrentCallsPerConnection) {}

  /** The HTTP listener for metrics, health and the status page. */
  public record Http(Boolean enabled, String host, Integer port) {}

  /** Kafka: an external cluster, or the embedded broker when no bootstrap servers are set. */
  public record Kafka(
      String bootstrapServers,
      Embedded embedded,
      Replication replication,
      Producer producer,
      HealthCheck healthCheck,
      Monitor monitor,
      Map<String, String> properties) {}

  /** The cluster monitor: consumer lag of every group, and the cluster's health. */
  public record Monitor(
      Boolean enabled, String interval, String timeout, Integer maxTimeLagLookups) {}

  /** The producers' batching, compression and time limits. */
  public record Producer(
      String compression,
      String linger,
      Integer batchSize,
      String maxBlock,
      String deliveryTimeout,
      String requestTimeout) {}

  /** How the gateway tells that Kafka does not answer. */
  public record HealthCheck(String interval, String unreachableAfter) {}

  /** The embedded broker's listeners. */
  public record Embedded(Integer port, Integer controllerPort) {}

  /** Replication of the streams on an external cluster. */
  public record Replication(Integer factor, Integer minInsyncReplicas) {}

  /** Limits on what publishers send. */
  public record Limits(
      Integer maxDataBytes,
      Integer maxAttributes,
      Integer maxAttributeValueLength,
      Integer maxFieldLength,
      Integer maxIdLength,
      Integer maxBatchEvents) {}

  /**
   * One declared stream.
   *
   * @param name stream and topic name
   * @param streamClass events, raw or audit
   * @param partitions number of partitions (default 3)
   * @param durability standard or critical (default: the class's)
   * @param retention e.g. {@code 7d}, {@code 12h} or ISO-8601 {@code P120D} (default: the class's)
   * @param replicationFactor overrides the deployment's replication factor
   * @param minInsyncReplicas overrides the deployment's min.insync.replicas
   */
  public record StreamDeclaration(
      String name,
      @JsonProperty("class") String streamClass,
      Integer partitions,
      String durability,
      String retention,
      Integer replicationFactor,
      Integer minInsyncReplicas) {}

  public static ConfigFile empty() {
    return new ConfigFile(null, null, null, null, null, null, null, null);
  }
}
