package io.eventgateway.kafka.admin;

import io.eventgateway.core.domain.ConsumerGroupState;
import io.eventgateway.core.domain.PartitionState;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.port.out.ClusterAdmin;
import io.eventgateway.core.port.out.ClusterAdminException;
import io.eventgateway.core.port.out.ClusterAdminException.Kind;
import io.eventgateway.kafka.KafkaConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ClusterAdmin} on one Kafka {@link Admin} client: streams' partitions and consumer
 * groups, and group resets.
 *
 * <ul>
 *   <li>{@link #partitions}: the topic's partitions with their earliest and latest offsets, leader
 *       and replicas.
 *   <li>{@link #group}: the group's state as Kafka names it ({@code STABLE}, {@code EMPTY}, {@code
 *       PREPARING_REBALANCE}, ...; {@code DEAD} for a group Kafka does not know), its live members
 *       with their partitions of the stream, and its committed offsets on the stream.
 *   <li>{@link #resetGroup}: only while the group has no live members (checked first, and enforced
 *       by Kafka, which refuses to change the offsets of a group with members); the target offsets
 *       are resolved and checked against the log before anything is written. A group Kafka does not
 *       know yet is created by the reset, so a new group can start from any position.
 * </ul>
 *
 * <p>Each call takes at most the timeout given to the constructor, all Kafka requests together, and
 * fails with {@code UNAVAILABLE} after it. Thread-safe: the admin client is.
 */
public final class KafkaClusterAdmin implements ClusterAdmin, AutoCloseable {
  /** A sensible timeout for administrative calls. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The state reported for a group Kafka does not know. */
  static final String UNKNOWN_GROUP_STATE = "DEAD";

  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaClusterAdmin.class);

  private final Admin admin;
  private final Duration timeout;
  private final String bootstrapServers;

  /**
   * Creates the admin client from {@code connection} (its client properties unchanged, except
   * {@code request.timeout.ms} and {@code default.api.timeout.ms}, which {@code timeout} sets). The
   * client connects lazily.
   *
   * @param timeout the longest one call may take
   */
  public KafkaClusterAdmin(KafkaConnection connection, Duration timeout) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "timeout must be between 1 ms and " + Integer.MAX_VALUE + " ms, was " + timeout);
    }
    this.timeout = timeout;
    this.bootstrapServers = connection.bootstrapServers();
    Map<String, Object> config = connection.clientConfig();
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    this.admin = Admin.create(config);
  }

  @Override
  public List<PartitionState> partitions(String stream) {
    long deadline = deadline();
    TopicDescription topic = describeTopic(stream, deadline);
    List<TopicPartition> partitions = topicPartitions(topic);
    Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest(), deadline);
    Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest(), deadline);
    List<PartitionState> states = new ArrayList<>();
    for (TopicPartitionInfo info : topic.partitions()) {
      TopicPartition partition = new TopicPartition(stream, info.partition());
      Node leader = info.leader();
      states.add(
          new PartitionState(
              info.partition(),
              starts.get(partition),
              ends.get(partition),
              leader == null || leader.isEmpty() ? -1 : leader.id(),
              info.replicas().stream().map(Node::id).toList(),
              info.isr().stream().map(Node::id).toList()));
    }
    states.sort(Comparator.comparingInt(PartitionState::partition));
    return states;
  }

  @Override
  public ConsumerGroupState group(String group, String stream) {
    long deadline = deadline();
    ConsumerGroupDescription description = describeGroup(group, deadline);
    String state = description == null ? UNKNOWN_GROUP_STATE : description.groupState().name();
    List<ConsumerGroupState.Member> members = new ArrayList<>();
    if (description != null) {
      for (MemberDescription member : description.members()) {
        Set<Integer> partitions = new TreeSet<>();
        for (TopicPartition partition : member.assignment().topicPartitions()) {
          if (partition.topic().equals(stream)) {
            partitions.add(partition.partition());
          }
        }
        members.add(
            new ConsumerGroupState.Member(
                member.consumerId(), member.clientId(), member.host(), partitions));
      }
    }
    members.sort(Comparator.comparing(ConsumerGroupState.Member::memberId));
    return new ConsumerGroupState(group, state, members, committed(group, stream, deadline));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The topics of the group's committed offsets and of its members' assignments: Kafka keeps a
   * group's offsets per topic, and a consumer outside the gateway may use any topic.
   */
  @Override
  public Set<String> streamsOf(String group) {
    long deadline = deadline();
    Set<String> streams = new TreeSet<>();
    ConsumerGroupDescription description = describeGroup(group, deadline);
    if (description != null) {
      for (MemberDescription member : description.members()) {
        member.assignment().topicPartitions().forEach(p -> streams.add(p.topic()));
      }
    }
    committedOffsets(group, deadline).keySet().forEach(p -> streams.add(p.topic()));
    return streams;
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@link StartPosition.AtTime} sets each partition to its first event at or after the time, or
   * to its end when it has none; {@link StartPosition.AtOffsets} changes only the partitions
   * listed.
   *
   * @throws IllegalArgumentException for {@link StartPosition.Committed}
   */
  @Override
  public Map<Integer, Long> resetGroup(String group, String stream, StartPosition target) {
    Objects.requireNonNull(target, "target");
    if (target instanceof StartPosition.Committed) {
      throw new IllegalArgumentException("a group cannot be reset to its committed offsets");
    }
    long deadline = deadline();
    TopicDescription topic = describeTopic(stream, deadline);
    ConsumerGroupDescription description = describeGroup(group, deadline);
    if (description != null && !description.members().isEmpty()) {
      throw notEmpty(group, description.members().size() + " live member(s)", null);
    }
    Map<TopicPartition, Long> targets = targets(stream, topicPartitions(topic), target, deadline);
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    targets.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
    try {
      await(
          admin
              .alterConsumerGroupOffsets(
                  group,
                  offsets,
                  new AlterConsumerGroupOffsetsOptions().timeoutMs(remainingMillis(deadline)))
              .all(),
          deadline,
          "resetting group '" + group + "'");
    } catch (ExecutionException failed) {
      Throwable cause = failed.getCause();
      if (cause instanceof GroupNotEmptyException || cause instanceof UnknownMemberIdException) {
        throw notEmpty(group, "a member joined while resetting", cause);
      }
      throw refused("resetting group '" + group + "' on stream '" + stream + "'", cause);
    }
    LOGGER.info("group {} reset on stream {} to {}: {}", group, stream, target, targets);
    return committed(group, stream, deadline);
  }

  /** Closes the admin client, waiting at most the timeout. */
  @Override
  public void close() {
    admin.close(timeout);
  }

  private Map<TopicPartition, Long> targets(
      String stream, List<TopicPartition> partitions, StartPosition target, long deadline) {
    if (target instanceof StartPosition.Earliest) {
      return offsets(partitions, OffsetSpec.earliest(), deadline);
    }
    if (target instanceof StartPosition.Latest) {
      return offsets(partitions, OffsetSpec.latest(), deadline);
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
          offsets(partitions, OffsetSpec.forTimestamp(millis), deadline);
      Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest(), deadline);
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
    Map<TopicPartition, Long> starts = offsets(listed, OffsetSpec.earliest(), deadline);
    Map<TopicPartition, Long> ends = offsets(listed, OffsetSpec.latest(), deadline);
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

  private TopicDescription describeTopic(String stream, long deadline) {
    KafkaFuture<TopicDescription> future =
        admin
            .describeTopics(
                List.of(stream), new DescribeTopicsOptions().timeoutMs(remainingMillis(deadline)))
            .topicNameValues()
            .get(stream);
    try {
      return await(future, deadline, "describing the topic of stream '" + stream + "'");
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
      throw refused("describing the topic of stream '" + stream + "'", failed.getCause());
    }
  }

  /** The group as Kafka describes it, or null when Kafka does not know it. */
  private ConsumerGroupDescription describeGroup(String group, long deadline) {
    KafkaFuture<ConsumerGroupDescription> future =
        admin
            .describeConsumerGroups(
                List.of(group),
                new DescribeConsumerGroupsOptions().timeoutMs(remainingMillis(deadline)))
            .describedGroups()
            .get(group);
    try {
      return await(future, deadline, "describing group '" + group + "'");
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof GroupIdNotFoundException) {
        return null;
      }
      throw refused("describing group '" + group + "'", failed.getCause());
    }
  }

  /** The group's committed offsets on the stream's topic, by partition. */
  private Map<Integer, Long> committed(String group, String stream, long deadline) {
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
  private Map<TopicPartition, Long> committedOffsets(String group, long deadline) {
    KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> future =
        admin
            .listConsumerGroupOffsets(
                group, new ListConsumerGroupOffsetsOptions().timeoutMs(remainingMillis(deadline)))
            .partitionsToOffsetAndMetadata();
    Map<TopicPartition, OffsetAndMetadata> offsets;
    try {
      offsets = await(future, deadline, "reading the offsets of group '" + group + "'");
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof GroupIdNotFoundException) {
        return Map.of();
      }
      throw refused("reading the offsets of group '" + group + "'", failed.getCause());
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

  private Map<TopicPartition, Long> offsets(
      List<TopicPartition> partitions, OffsetSpec spec, long deadline) {
    Map<TopicPartition, OffsetSpec> query = new HashMap<>();
    partitions.forEach(partition -> query.put(partition, spec));
    Map<TopicPartition, ListOffsetsResultInfo> found;
    try {
      found =
          await(
              admin
                  .listOffsets(query, new ListOffsetsOptions().timeoutMs(remainingMillis(deadline)))
                  .all(),
              deadline,
              "listing offsets");
    } catch (ExecutionException failed) {
      throw refused("listing the offsets of " + partitions, failed.getCause());
    }
    Map<TopicPartition, Long> offsets = new HashMap<>();
    found.forEach((partition, info) -> offsets.put(partition, info.offset()));
    return offsets;
  }

  private static List<TopicPartition> topicPartitions(TopicDescription topic) {
    return topic.partitions().stream()
        .map(info -> new TopicPartition(topic.name(), info.partition()))
        .sorted(Comparator.comparingInt(TopicPartition::partition))
        .toList();
  }

  private <T> T await(KafkaFuture<T> future, long deadline, String doing)
      throws ExecutionException {
    try {
      return future.get(Math.max(0L, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new ClusterAdminException(
          Kind.UNAVAILABLE, "interrupted while " + doing + " on Kafka", interrupted);
    } catch (java.util.concurrent.TimeoutException late) {
      throw unavailable(doing, late);
    }
  }

  private ClusterAdminException notEmpty(String group, String why, Throwable cause) {
    return new ClusterAdminException(
        Kind.GROUP_NOT_EMPTY,
        "group '"
            + group
            + "' has live members ("
            + why
            + "); its offsets can be reset only when none is connected",
        cause);
  }

  private ClusterAdminException refused(String doing, Throwable cause) {
    if (cause instanceof TimeoutException) {
      return unavailable(doing, cause);
    }
    if (cause instanceof RetriableException) {
      return new ClusterAdminException(
          Kind.UNAVAILABLE,
          AdminFailureMessages.notFinished(bootstrapServers, doing, cause),
          cause);
    }
    return new ClusterAdminException(
        Kind.FAILED, AdminFailureMessages.refused(doing, cause), cause);
  }

  private ClusterAdminException unavailable(String doing, Throwable cause) {
    return new ClusterAdminException(
        Kind.UNAVAILABLE,
        AdminFailureMessages.noAnswer(bootstrapServers, timeout, doing, cause),
        cause);
  }

  private long deadline() {
    return System.nanoTime() + timeout.toNanos();
  }

  private static int remainingMillis(long deadline) {
    long millis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    return (int) Math.max(1L, Math.min(Integer.MAX_VALUE, millis));
  }
}
