package io.eventgateway.kafka.monitor;

import io.eventgateway.core.port.out.monitor.ClusterObservation.Part;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The topics' {@code min.insync.replicas}, remembered across refreshes: read for the topics new
 * since the last refresh, and for all of them every {@value #MAX_AGE_MINUTES} minutes. Not
 * thread-safe: one refresh at a time.
 */
final class MinIsrCache {
  /** How old the remembered values may get before all are read again. */
  static final int MAX_AGE_MINUTES = 5;

  private final Admin admin;
  private final Map<String, Integer> byTopic = new HashMap<>();
  private long readAt = Long.MIN_VALUE;

  MinIsrCache(Admin admin) {
    this.admin = admin;
  }

  /** Asks for the configs of those of {@code topics} that are due; does not wait. */
  Map<ConfigResource, KafkaFuture<Config>> request(
      Attempt attempt, Map<String, TopicDescription> topics) {
    boolean all =
        readAt == Long.MIN_VALUE
            || System.nanoTime() - readAt > TimeUnit.MINUTES.toNanos(MAX_AGE_MINUTES);
    List<ConfigResource> resources =
        topics.keySet().stream()
            .filter(topic -> all || !byTopic.containsKey(topic))
            .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
            .toList();
    if (all) {
      readAt = System.nanoTime();
    }
    if (resources.isEmpty()) {
      return Map.of();
    }
    return admin
        .describeConfigs(
            resources, new DescribeConfigsOptions().timeoutMs(attempt.remainingMillis()))
        .values();
  }

  /**
   * Waits for the configs {@link #request}ed and remembers their values (a config that cannot be
   * read, or is not a number, fails {@link Part#TOPIC_CONFIGS}); forgets the topics not in {@code
   * names}, when they could be listed.
   */
  void update(
      Attempt attempt,
      Map<ConfigResource, KafkaFuture<Config>> requested,
      Optional<Set<String>> names) {
    attempt
        .awaitEach(
            Part.TOPIC_CONFIGS,
            requested,
            "describing topic configs",
            UnknownTopicOrPartitionException.class::isInstance)
        .forEach(
            (resource, config) -> {
              ConfigEntry entry = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
              if (entry != null && entry.value() != null) {
                try {
                  byTopic.put(resource.name(), Integer.parseInt(entry.value()));
                } catch (NumberFormatException notANumber) {
                  attempt.fail(
                      Part.TOPIC_CONFIGS,
                      "topic " + resource.name() + " has min.insync.replicas=" + entry.value());
                }
              }
            });
    names.ifPresent(listed -> byTopic.keySet().retainAll(listed));
  }

  /** The topic's {@code min.insync.replicas}, when it has been read. */
  OptionalInt of(String topic) {
    Integer minIsr = byTopic.get(topic);
    return minIsr == null ? OptionalInt.empty() : OptionalInt.of(minIsr);
  }
}
