package io.eventgateway.kafka.administration;

import io.eventgateway.core.port.out.ClusterAdminException;
import io.eventgateway.core.port.out.ClusterAdminException.Kind;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The Kafka admin requests that {@link KafkaClusterAdmin} and its {@link GroupReset} read with: a
 * stream's topic, a group, its committed offsets, partitions' offsets. Each takes the call's
 * deadline and fails as {@link AdminCalls} says. Thread-safe: the admin client is.
 */
final class ClusterReads {
  private final Admin admin;
  private final AdminCalls calls;
  private final String bootstrapServers;

  ClusterReads(Admin admin, AdminCalls calls, String bootstrapServers) {
    this.admin = admin;
    this.calls = calls;
    this.bootstrapServers = bootstrapServers;
  }

  TopicDescription describeTopic(String stream, long deadline) {
    KafkaFuture<TopicDescription> future =
        admin
            .describeTopics(
                List.of(stream),
                new DescribeTopicsOptions().timeoutMs(AdminCalls.remainingMillis(deadline)))
            .topicNameValues()
            .get(stream);
    try {
      return calls.await(future, deadline, "describing the topic of stream '" + stream + "'");
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new ClusterAdminException(
            Kind.UNKNOWN_STREAM,
            "stream '"
                + stream
                + "' has no topic on Kafka at "
                + bootstrapServers
                + ": topic '"
                + stream
                + "' does not exist",
            failed.getCause());
      }
      throw calls.refused("describing the topic of stream '" + stream + "'", failed.getCause());
    }
  }

  /** The group as Kafka describes it, or null when Kafka does not know it. */
  ConsumerGroupDescription describeGroup(String group, long deadline) {
    KafkaFuture<ConsumerGroupDescription> future =
        admin
            .describeConsumerGroups(
                List.of(group),
                new DescribeConsumerGroupsOptions().timeoutMs(AdminCalls.remainingMillis(deadline)))
            .describedGroups()
            .get(group);
    try {
      return calls.await(future, deadline, "describing group '" + group + "'");
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof GroupIdNotFoundException) {
        return null;
      }
      throw calls.refused("describing group '" + group + "'", failed.getCause());
    }
  }

  /** The group's committed offsets on the stream's topic, by partition. */
  Map<Integer, Long> committed(String group, String stream, long deadline) {
    Map<Integer, Long> committed = new TreeMap<>();
    committedOffsets(group, deadline)
        .forEach(
            (partition, offset) -> {
              if (partition.topic().equals(stream)) {
                committed.put(partition.partition(), offset);
              }
            });
    return committed;
  }

  /** The group's committed offsets on every topic; empty for a group Kafka does not know. */
  Map<TopicPartition, Long> committedOffsets(String group, long deadline) {
    KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> future =
        admin
            .listConsumerGroupOffsets(
                group,
                new ListConsumerGroupOffsetsOptions()
                    .timeoutMs(AdminCalls.remainingMillis(deadline)))
            .partitionsToOffsetAndMetadata();
    Map<TopicPartition, OffsetAndMetadata> offsets;
    try {
      offsets = calls.await(future, deadline, "reading the offsets of group '" + group + "'");
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof GroupIdNotFoundException) {
        return Map.of();
      }
      throw calls.refused("reading the offsets of group '" + group + "'", failed.getCause());
    }
    Map<TopicPartition, Long> committed = new HashMap<>();
    offsets.forEach(
        (partition, offset) -> {
          if (offset != null) {
            committed.put(partition, offset.offset());
          }
        });
    return committed;
  }

  Map<TopicPartition, Long> offsets(
      List<TopicPartition> partitions, OffsetSpec spec, long deadline) {
    Map<TopicPartition, OffsetSpec> query = new HashMap<>();
    partitions.forEach(partition -> query.put(partition, spec));
    Map<TopicPartition, ListOffsetsResultInfo> found;
    try {
      found =
          calls.await(
              admin
                  .listOffsets(
                      query,
                      new ListOffsetsOptions().timeoutMs(AdminCalls.remainingMillis(deadline)))
                  .all(),
              deadline,
              "listing offsets");
    } catch (ExecutionException failed) {
      throw calls.refused("listing the offsets of " + partitions, failed.getCause());
    }
    Map<TopicPartition, Long> offsets = new HashMap<>();
    found.forEach((partition, info) -> offsets.put(partition, info.offset()));
    return offsets;
  }

  static List<TopicPartition> topicPartitions(TopicDescription topic) {
    return topic.partitions().stream()
        .map(info -> new TopicPartition(topic.name(), info.partition()))
        .sorted(Comparator.comparingInt(TopicPartition::partition))
        .toList();
  }
}
