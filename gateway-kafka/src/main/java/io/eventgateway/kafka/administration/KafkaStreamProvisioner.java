package io.eventgateway.kafka.administration;

import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.out.ClusterAdminException;
import io.eventgateway.core.port.out.ClusterAdminException.Kind;
import io.eventgateway.core.port.out.ProvisioningReport;
import io.eventgateway.core.port.out.ProvisioningReport.Drift;
import io.eventgateway.core.port.out.StreamProvisioner;
import io.eventgateway.kafka.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each declared stream's topic as declared, with a Kafka {@link Admin} client.
 *
 * <ul>
 *   <li>A missing topic is created with the declared partitions and replication factor, and the
 *       topic configs {@code retention.ms}, {@code min.insync.replicas}, {@code
 *       cleanup.policy=delete} and {@code max.message.bytes} (see below). When another gateway
 *       instance creates it first, it is treated as existing.
 *   <li>On an existing topic, {@code retention.ms} and {@code min.insync.replicas} are set to the
 *       declared values when they differ (reported in {@link ProvisioningReport#updated()} with the
 *       value found), except that {@code min.insync.replicas} is never raised above the topic's
 *       actual replication factor: that would stop every critical write.
 *   <li>{@code max.message.bytes} must let the topic take the largest record of a valid event, the
 *       {@code maxRecordBytes} given to the constructor. A created topic gets that or Kafka's
 *       default {@value #KAFKA_DEFAULT_MAX_MESSAGE_BYTES}, whichever is larger. On an existing
 *       topic a value below {@code maxRecordBytes} is raised to the same (and reported as updated);
 *       a value at or above it is left alone, so an operator may raise it further.
 *   <li>Never changed, only reported as {@link ProvisioningReport#drift()}: the partition count
 *       (more partitions would move keys to other partitions and break per-key order; fewer is
 *       impossible), the replication factor (a reassignment is an operator's job), a {@code
 *       cleanup.policy} other than {@code delete}, and the {@code min.insync.replicas} case above.
 * </ul>
 *
 * <p>Kafka refuses a topic whose name differs from an existing topic's only in '.' and '_' ({@link
 * io.eventgateway.core.domain.StreamNames#collide}); {@link #provision} then fails with {@link
 * Kind#NAME_COLLISION}, naming both ({@link TopicCollisions}).
 *
 * <p>Each {@link #provision} call takes at most the timeout given to the constructor, all Kafka
 * requests together. Thread-safe: the admin client is.
 */
public final class KafkaStreamProvisioner implements StreamProvisioner, AutoCloseable {
  /** A sensible timeout for provisioning at start-up. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Kafka's default for the largest record batch a topic takes (the broker's {@code
   * message.max.bytes}), below which the provisioner never sets a topic's {@code
   * max.message.bytes}.
   */
  public static final int KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaStreamProvisioner.class);

  private final Admin admin;
  private final Duration timeout;
  private final AdminCalls calls;
  private final int maxRecordBytes;
  private final String maxMessageBytes;

  /**
   * Creates the admin client from {@code connection} (its client properties unchanged, except
   * {@code request.timeout.ms} and {@code default.api.timeout.ms}, which {@code timeout} sets). The
   * client connects lazily.
   *
   * @param timeout the longest one {@link #provision} call may take
   * @param maxRecordBytes the largest record the topics must take, in bytes: the gateway passes the
   *     bound of its publish limits (at least 1)
   */
  public KafkaStreamProvisioner(KafkaConnection connection, Duration timeout, int maxRecordBytes) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "timeout must be between 1 ms and " + Integer.MAX_VALUE + " ms, was " + timeout);
    }
    if (maxRecordBytes < 1) {
      throw new IllegalArgumentException(
          "maxRecordBytes must be at least 1, was " + maxRecordBytes);
    }
    this.maxRecordBytes = maxRecordBytes;
    this.maxMessageBytes =
        Integer.toString(Math.max(maxRecordBytes, KAFKA_DEFAULT_MAX_MESSAGE_BYTES));
    this.timeout = timeout;
    this.calls = new AdminCalls(connection.bootstrapServers(), timeout);
    Map<String, Object> config = connection.clientConfig();
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    this.admin = Admin.create(config);
  }

  @Override
  public ProvisioningReport provision(Collection<StreamDefinition> streams) {
    Map<String, StreamDefinition> declared = new LinkedHashMap<>();
    for (StreamDefinition stream : streams) {
      if (declared.put(stream.name(), stream) != null) {
        throw new IllegalArgumentException("stream '" + stream.name() + "' is declared twice");
      }
    }
    if (declared.isEmpty()) {
      return new ProvisioningReport(List.of(), List.of(), List.of());
    }
    long deadline = calls.deadline();

    Map<String, TopicDescription> existing = describeTopics(declared.keySet(), deadline);
    List<String> created = new ArrayList<>();
    List<String> raced = new ArrayList<>();
    createMissing(declared, existing.keySet(), created, raced, deadline);
    if (!raced.isEmpty()) {
      Map<String, TopicDescription> found = describeTopics(raced, deadline);
      for (String name : raced) {
        if (!found.containsKey(name)) {
          throw new ClusterAdminException(
              Kind.UNAVAILABLE,
              "Kafka said topic '" + name + "' exists, then that it does not; retry",
              null);
        }
      }
      existing.putAll(found);
    }

    List<Drift> updated = new ArrayList<>();
    List<Drift> drift = new ArrayList<>();
    if (!existing.isEmpty()) {
      Map<String, Config> configs = describeConfigs(existing.keySet(), deadline);
      Map<ConfigResource, Collection<AlterConfigOp>> changes = new LinkedHashMap<>();
      for (StreamDefinition stream : declared.values()) {
        TopicDescription description = existing.get(stream.name());
        if (description != null) {
          compare(stream, description, configs.get(stream.name()), changes, updated, drift);
        }
      }
      alterConfigs(changes, deadline);
    }
    return new ProvisioningReport(created, updated, drift);
  }

  /** Closes the admin client, waiting at most the provisioning timeout. */
  @Override
  public void close() {
    admin.close(timeout);
  }

  private Map<String, TopicDescription> describeTopics(Collection<String> names, long deadline) {
    Map<String, KafkaFuture<TopicDescription>> futures =
        admin
            .describeTopics(
                names, new DescribeTopicsOptions().timeoutMs(AdminCalls.remainingMillis(deadline)))
            .topicNameValues();
    Map<String, TopicDescription> found = new HashMap<>();
    for (String name : names) {
      try {
        found.put(name, calls.await(futures.get(name), deadline, "describing topics"));
      } catch (ExecutionException failed) {
        if (!(failed.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw calls.refused("describing topic '" + name + "'", failed.getCause());
        }
      }
    }
    return found;
  }

  private void createMissing(
      Map<String, StreamDefinition> declared,
      Collection<String> existing,
      List<String> created,
      List<String> raced,
      long deadline) {
    List<NewTopic> missing = new ArrayList<>();
    for (StreamDefinition stream : declared.values()) {
      if (!existing.contains(stream.name())) {
        missing.add(
            new NewTopic(stream.name(), stream.partitions(), stream.replicationFactor())
                .configs(
                    Map.of(
                        TopicConfig.RETENTION_MS_CONFIG,
                        retentionMillis(stream),
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                        Integer.toString(stream.minInsyncReplicas()),
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                        maxMessageBytes)));
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    Map<String, KafkaFuture<Void>> futures =
        admin
            .createTopics(
                missing, new CreateTopicsOptions().timeoutMs(AdminCalls.remainingMillis(deadline)))
            .values();
    for (NewTopic topic : missing) {
      try {
        calls.await(futures.get(topic.name()), deadline, "creating topics");
        created.add(topic.name());
        LOGGER.info(
            "created topic {}: {} partitions, replication factor {}, {}",
            topic.name(),
            topic.numPartitions(),
            topic.replicationFactor(),
            topic.configs());
      } catch (ExecutionException failed) {
        if (failed.getCause() instanceof TopicExistsException) {
          raced.add(topic.name());
        } else if (TopicCollisions.isCollision(failed.getCause())) {
          throw TopicCollisions.failure(admin, calls, topic.name(), failed.getCause(), deadline);
        } else {
          throw calls.refused("creating topic '" + topic.name() + "'", failed.getCause());
        }
      }
    }
  }

  private Map<String, Config> describeConfigs(Collection<String> names, long deadline) {
    List<ConfigResource> resources = new ArrayList<>();
    for (String name : names) {
      resources.add(new ConfigResource(ConfigResource.Type.TOPIC, name));
    }
    Map<ConfigResource, KafkaFuture<Config>> futures =
        admin
            .describeConfigs(
                resources,
                new DescribeConfigsOptions().timeoutMs(AdminCalls.remainingMillis(deadline)))
            .values();
    Map<String, Config> configs = new HashMap<>();
    for (ConfigResource resource : resources) {
      try {
        configs.put(
            resource.name(), calls.await(futures.get(resource), deadline, "reading topic configs"));
      } catch (ExecutionException failed) {
        throw calls.refused(
            "reading the config of topic '" + resource.name() + "'", failed.getCause());
      }
    }
    return configs;
  }

  private void compare(
      StreamDefinition stream,
      TopicDescription description,
      Config config,
      Map<ConfigResource, Collection<AlterConfigOp>> changes,
      List<Drift> updated,
      List<Drift> drift) {
    String name = stream.name();
    int partitions = description.partitions().size();
    if (partitions != stream.partitions()) {
      drift.add(
          new Drift(
              name,
              "partitions",
              Integer.toString(stream.partitions()),
              Integer.toString(partitions)));
    }
    int minReplicas = Integer.MAX_VALUE;
    int maxReplicas = 0;
    for (TopicPartitionInfo partition : description.partitions()) {
      minReplicas = Math.min(minReplicas, partition.replicas().size());
      maxReplicas = Math.max(maxReplicas, partition.replicas().size());
    }
    if (minReplicas != stream.replicationFactor() || maxReplicas != stream.replicationFactor()) {
      drift.add(
          new Drift(
              name,
              "replication.factor",
              Short.toString(stream.replicationFactor()),
              minReplicas == maxReplicas
                  ? Integer.toString(minReplicas)
                  : minReplicas + "-" + maxReplicas));
    }
    String cleanupPolicy = value(config, TopicConfig.CLEANUP_POLICY_CONFIG);
    if (!TopicConfig.CLEANUP_POLICY_DELETE.equals(cleanupPolicy)) {
      drift.add(
          new Drift(
              name,
              TopicConfig.CLEANUP_POLICY_CONFIG,
              TopicConfig.CLEANUP_POLICY_DELETE,
              cleanupPolicy));
    }

    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
    String retention = value(config, TopicConfig.RETENTION_MS_CONFIG);
    if (!retentionMillis(stream).equals(retention)) {
      Drift change =
          new Drift(name, TopicConfig.RETENTION_MS_CONFIG, retentionMillis(stream), retention);
      updated.add(change);
      changes.computeIfAbsent(resource, r -> new ArrayList<>()).add(set(change));
    }
    String minInsync = value(config, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
    String declaredMinInsync = Integer.toString(stream.minInsyncReplicas());
    if (!declaredMinInsync.equals(minInsync)) {
      Drift change =
          new Drift(name, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, declaredMinInsync, minInsync);
      if (stream.minInsyncReplicas() <= minReplicas) {
        updated.add(change);
        changes.computeIfAbsent(resource, r -> new ArrayList<>()).add(set(change));
      } else {
        drift.add(change);
      }
    }
    String maxMessage = value(config, TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
    if (bytes(maxMessage) < maxRecordBytes) {
      Drift change =
          new Drift(name, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxMessageBytes, maxMessage);
      updated.add(change);
      changes.computeIfAbsent(resource, r -> new ArrayList<>()).add(set(change));
    }
  }

  /** A byte count as the topic config has it; 0 when missing or unreadable, so it is set. */
  private static long bytes(String configValue) {
    try {
      return Long.parseLong(configValue.trim());
    } catch (NumberFormatException unreadable) {
      return 0L;
    }
  }

  private void alterConfigs(Map<ConfigResource, Collection<AlterConfigOp>> changes, long deadline) {
    if (changes.isEmpty()) {
      return;
    }
    Map<ConfigResource, KafkaFuture<Void>> futures =
        admin
            .incrementalAlterConfigs(
                changes, new AlterConfigsOptions().timeoutMs(AdminCalls.remainingMillis(deadline)))
            .values();
    for (Map.Entry<ConfigResource, Collection<AlterConfigOp>> change : changes.entrySet()) {
      String topic = change.getKey().name();
      try {
        calls.await(futures.get(change.getKey()), deadline, "changing topic configs");
        for (AlterConfigOp op : change.getValue()) {
          LOGGER.info(
              "topic {}: set {}={}", topic, op.configEntry().name(), op.configEntry().value());
        }
      } catch (ExecutionException failed) {
        throw calls.refused("changing the config of topic '" + topic + "'", failed.getCause());
      }
    }
  }

  private static AlterConfigOp set(Drift change) {
    return new AlterConfigOp(
        new ConfigEntry(change.setting(), change.declared()), AlterConfigOp.OpType.SET);
  }

  private static String value(Config config, String name) {
    ConfigEntry entry = config.get(name);
    return entry == null || entry.value() == null ? "" : entry.value();
  }

  private static String retentionMillis(StreamDefinition stream) {
    return Long.toString(stream.retention().toMillis());
  }
}
