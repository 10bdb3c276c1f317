package io.eventgateway.kafka.administration;

import io.eventgateway.core.domain.ConsumerGroupState;
import io.eventgateway.core.domain.PartitionState;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.port.out.ClusterAdmin;
import io.eventgateway.kafka.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

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
 *   <li>{@link #resetGroup}: only while the group has no live members, the targets checked against
 *       the log first ({@link GroupReset}). A group Kafka does not know yet is created by the
 *       reset, so a new group can start from any position.
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

  private final Admin admin;
  private final Duration timeout;
  private final AdminCalls calls;
  private final ClusterReads reads;
  private final GroupReset reset;

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
    this.calls = new AdminCalls(connection.bootstrapServers(), timeout);
    Map<String, Object> config = connection.clientConfig();
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    this.admin = Admin.create(config);
    this.reads = new ClusterReads(admin, calls, connection.bootstrapServers());
    this.reset = new GroupReset(admin, calls, reads);
  }

  @Override
  public List<PartitionState> partitions(String stream) {
    long deadline = calls.deadline();
    TopicDescription topic = reads.describeTopic(stream, deadline);
    List<TopicPartition> partitions = ClusterReads.topicPartitions(topic);
    Map<TopicPartition, Long> starts = reads.offsets(partitions, OffsetSpec.earliest(), deadline);
    Map<TopicPartition, Long> ends = reads.offsets(partitions, OffsetSpec.latest(), deadline);
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
    long deadline = calls.deadline();
    ConsumerGroupDescription description = reads.describeGroup(group, deadline);
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
    return new ConsumerGroupState(group, state, members, reads.committed(group, stream, deadline));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The topics of the group's committed offsets and of its members' assignments: Kafka keeps a
   * group's offsets per topic, and a consumer outside the gateway may use any topic.
   */
  @Override
  public Set<String> streamsOf(String group) {
    long deadline = calls.deadline();
    Set<String> streams = new TreeSet<>();
    ConsumerGroupDescription description = reads.describeGroup(group, deadline);
    if (description != null) {
      for (MemberDescription member : description.members()) {
        member.assignment().topicPartitions().forEach(p -> streams.add(p.topic()));
      }
    }
    reads.committedOffsets(group, deadline).keySet().forEach(p -> streams.add(p.topic()));
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
    return reset.reset(group, stream, target);
  }

  /** Closes the admin client, waiting at most the timeout. */
  @Override
  public void close() {
    admin.close(timeout);
  }
}
