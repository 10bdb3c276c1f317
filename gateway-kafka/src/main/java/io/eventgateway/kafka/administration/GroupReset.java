package io.eventgateway.kafka.administration;

import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.port.out.ClusterAdminException;
import io.eventgateway.core.port.out.ClusterAdminException.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resets a consumer group's committed offsets on a stream, the one write of {@link
 * KafkaClusterAdmin}: only while the group has no live members (checked first, and enforced by
 * Kafka, which refuses to change the offsets of a group with members); the target offsets are
 * resolved and checked against the log before anything is written. Thread-safe: the admin client
 * is.
 */
final class GroupReset {
  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaClusterAdmin.class);

  private final Admin admin;
  private final AdminCalls calls;
  private final ClusterReads reads;

  GroupReset(Admin admin, AdminCalls calls, ClusterReads reads) {
    this.admin = admin;
    this.calls = calls;
    this.reads = reads;
  }

  /** See {@link KafkaClusterAdmin#resetGroup}. */
  Map<Integer, Long> reset(String group, String stream, StartPosition target) {
    Objects.requireNonNull(target, "target");
    if (target instanceof StartPosition.Committed) {
      throw new IllegalArgumentException("a group cannot be reset to its committed offsets");
    }
    long deadline = calls.deadline();
    TopicDescription topic = reads.describeTopic(stream, deadline);
    ConsumerGroupDescription description = reads.describeGroup(group, deadline);
    if (description != null && !description.members().isEmpty()) {
      throw notEmpty(group, description.members().size() + " live member(s)", null);
    }
    Map<TopicPartition, Long> targets =
        targets(stream, ClusterReads.topicPartitions(topic), target, deadline);
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    targets.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
    try {
      calls.await(
          admin
              .alterConsumerGroupOffsets(
                  group,
                  offsets,
                  new AlterConsumerGroupOffsetsOptions()
                      .timeoutMs(AdminCalls.remainingMillis(deadline)))
              .all(),
          deadline,
          "resetting group '" + group + "'");
    } catch (ExecutionException failed) {
      Throwable cause = failed.getCause();
      if (cause instanceof GroupNotEmptyException || cause instanceof UnknownMemberIdException) {
        throw notEmpty(group, "a member joined while resetting", cause);
      }
      throw calls.refused("resetting group '" + group + "' on stream '" + stream + "'", cause);
    }
    LOGGER.info("group {} reset on stream {} to {}: {}", group, stream, target, targets);
    return reads.committed(group, stream, deadline);
  }

  private Map<TopicPartition, Long> targets(
      String stream, List<TopicPartition> partitions, StartPosition target, long deadline) {
    if (target instanceof StartPosition.Earliest) {
      return reads.offsets(partitions, OffsetSpec.earliest(), deadline);
    }
    if (target instanceof StartPosition.Latest) {
      return reads.offsets(partitions, OffsetSpec.latest(), deadline);
    }
    if (target instanceof StartPosition.AtTime at) {
      Instant now = Instant.now();
      if (at.time().isAfter(now)) {
        throw new ClusterAdminException(
            Kind.OUT_OF_RANGE,
            "stream '"
                + stream
                + "': time "
                + at.time()
                + " is in the future (it is "
                + now
                + " now); no event has that time yet");
      }
      long millis = at.time().isBefore(Instant.EPOCH) ? 0L : at.time().toEpochMilli();
      Map<TopicPartition, Long> found =
          reads.offsets(partitions, OffsetSpec.forTimestamp(millis), deadline);
      Map<TopicPartition, Long> ends = reads.offsets(partitions, OffsetSpec.latest(), deadline);
      Map<TopicPartition, Long> targets = new HashMap<>();
      for (TopicPartition partition : partitions) {
        long offset = found.get(partition);
        // no event at or after the time: the end
        targets.put(partition, offset < 0 ? ends.get(partition) : offset);
      }
      return targets;
    }
    if (target instanceof StartPosition.AtOffsets at) {
      return checkedOffsets(stream, partitions, at.offsets(), deadline);
    }
    throw new IllegalArgumentException("cannot reset a group to " + target);
  }

  private Map<TopicPartition, Long> checkedOffsets(
      String stream, List<TopicPartition> partitions, Map<Integer, Long> requested, long deadline) {
    if (requested.isEmpty()) {
      throw new IllegalArgumentException("offsets must name at least one partition");
    }
    List<TopicPartition> listed = new ArrayList<>();
    for (int partition : new TreeMap<>(requested).keySet()) {
      TopicPartition topicPartition = new TopicPartition(stream, partition);
      if (!partitions.contains(topicPartition)) {
        throw new ClusterAdminException(
            Kind.OUT_OF_RANGE,
            "stream '"
                + stream
                + "' has no partition "
                + partition
                + "; its partitions are 0 to "
                + (partitions.size() - 1));
      }
      listed.add(topicPartition);
    }
    Map<TopicPartition, Long> starts = reads.offsets(listed, OffsetSpec.earliest(), deadline);
    Map<TopicPartition, Long> ends = reads.offsets(listed, OffsetSpec.latest(), deadline);
    Map<TopicPartition, Long> targets = new HashMap<>();
    for (TopicPartition partition : listed) {
      long offset = requested.get(partition.partition());
      long start = starts.get(partition);
      long end = ends.get(partition);
      if (offset < start || offset > end) {
        throw new ClusterAdminException(
            Kind.OUT_OF_RANGE,
            "stream '"
                + stream
                + "' partition "
                + partition.partition()
                + ": offset "
                + offset
                + " is out of range; valid offsets are "
                + start
                + " (the earliest event kept) to "
                + end
                + " (the end: the next event written)");
      }
      targets.put(partition, offset);
    }
    return targets;
  }

  private static ClusterAdminException notEmpty(String group, String why, Throwable cause) {
    return new ClusterAdminException(
        Kind.GROUP_NOT_EMPTY,
        "group '"
            + group
            + "' has live members ("
            + why
            + "); its offsets can be reset only when none is connected",
        cause);
  }
}
