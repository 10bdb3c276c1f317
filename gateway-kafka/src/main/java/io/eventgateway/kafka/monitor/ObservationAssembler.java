package io.eventgateway.kafka.monitor;

import io.eventgateway.core.port.out.monitor.ControllerQuorum;
import io.eventgateway.core.port.out.monitor.GroupLag;
import io.eventgateway.core.port.out.monitor.GroupPartitionLag;
import io.eventgateway.core.port.out.monitor.LogDirUsage;
import io.eventgateway.core.port.out.monitor.PartitionEndOffset;
import io.eventgateway.core.port.out.monitor.TopicHealth;
import io.eventgateway.kafka.monitor.TimeLagReader.PartitionOffset;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Turns the admin client's answers of one refresh into the observation's records. Pure functions of
 * their arguments: no client, no clock, no state.
 */
final class ObservationAssembler {
  /** Topics whose name starts with this are the cluster's own: in partition health, not in lag. */
  static final String INTERNAL_PREFIX = "__";

  private static final String UNKNOWN = "UNKNOWN";

  private ObservationAssembler() {}

  /** Whether {@code topic} is one of the cluster's internal topics ({@code __...}). */
  static boolean internal(String topic) {
    return topic.startsWith(INTERNAL_PREFIX);
  }

  /**
   * The brokers that should be up: those {@code registered} (fenced or not) and {@code online},
   * every replica of a partition of {@code topics}, and the voters of {@code quorum} that were ever
   * seen as brokers ({@code brokersSeen}), so that a combined node that died is still expected.
   */
  static Set<Integer> expectedBrokers(
      Set<Integer> registered,
      Set<Integer> online,
      Collection<TopicDescription> topics,
      Optional<ControllerQuorum> quorum,
      Set<Integer> brokersSeen) {
    Set<Integer> expected = new TreeSet<>(registered);
    expected.addAll(online);
    topics.stream()
        .flatMap(topic -> topic.partitions().stream())
        .flatMap(partition -> partition.replicas().stream())
        .forEach(replica -> expected.add(replica.id()));
    quorum.ifPresent(
        q ->
            q.voters().stream()
                .map(ControllerQuorum.Replica::replicaId)
                .filter(brokersSeen::contains)
                .forEach(expected::add));
    return expected;
  }

  /**
   * The partitions whose end offsets a refresh lists: every partition of each non-internal topic
   * that a group has {@code committed} on and that {@code topics} describes; when no topic could be
   * described, the committed partitions of the topics in {@code names} (or of all, when they could
   * not be listed either). Topics known to be gone are left out: the admin client would retry them
   * until the timeout.
   */
  static Set<TopicPartition> endOffsetQuery(
      Map<String, Map<TopicPartition, OffsetAndMetadata>> committed,
      Map<String, TopicDescription> topics,
      Optional<Set<String>> names) {
    Set<TopicPartition> query = new HashSet<>();
    for (Map<TopicPartition, OffsetAndMetadata> offsets : committed.values()) {
      for (TopicPartition partition : offsets.keySet()) {
        String topic = partition.topic();
        if (internal(topic)) {
          continue;
        }
        if (!topics.isEmpty()) {
          TopicDescription description = topics.get(topic);
          if (description != null) {
            for (TopicPartitionInfo info : description.partitions()) {
              query.add(new TopicPartition(topic, info.partition()));
            }
          }
        } else if (names.map(listed -> listed.contains(topic)).orElse(true)) {
          query.add(partition);
        }
      }
    }
    return query;
  }

  /**
   * Each distinct (partition, committed offset) of {@code committed} behind its end offset: the
   * largest lag in records first, then by topic, partition and offset.
   */
  static List<PartitionOffset> laggingOffsets(
      Map<String, Map<TopicPartition, OffsetAndMetadata>> committed,
      Map<TopicPartition, Long> ends) {
    Map<PartitionOffset, Long> lagging = new HashMap<>();
    committed.values().stream()
        .flatMap(offsets -> offsets.entrySet().stream())
        .filter(entry -> entry.getValue() != null && ends.containsKey(entry.getKey()))
        .forEach(
            entry -> {
              long lag = ends.get(entry.getKey()) - entry.getValue().offset();
              if (lag > 0) {
                lagging.put(new PartitionOffset(entry.getKey(), entry.getValue().offset()), lag);
              }
            });
    return lagging.entrySet().stream()
        .sorted(
            Map.Entry.<PartitionOffset, Long>comparingByValue()
                .reversed()
                .thenComparing(entry -> entry.getKey().partition().topic())
                .thenComparing(entry -> entry.getKey().partition().partition())
                .thenComparing(entry -> entry.getKey().offset()))
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * The partition health of {@code topic}: partitions whose ISR is smaller than their replicas,
   * without a leader, and (when {@code minIsr} is known) whose ISR is below it.
   */
  static TopicHealth topicHealth(TopicDescription topic, OptionalInt minIsr) {
    int underReplicated = 0;
    int offline = 0;
    int underMinIsr = 0;
    for (TopicPartitionInfo partition : topic.partitions()) {
      int isr = partition.isr().size();
      if (isr < partition.replicas().size()) {
        underReplicated++;
      }
      if (partition.leader() == null || partition.leader().isEmpty()) {
        offline++;
      }
      if (minIsr.isPresent() && isr < minIsr.getAsInt()) {
        underMinIsr++;
      }
    }
    return new TopicHealth(
        topic.name(), topic.partitions().size(), minIsr, underReplicated, offline, underMinIsr);
  }

  /** Every log directory of {@code logDirs} (by broker, then path), its replicas' sizes summed. */
  static List<LogDirUsage> logDirUsage(Map<Integer, Map<String, LogDirDescription>> logDirs) {
    List<LogDirUsage> usage = new ArrayList<>();
    logDirs.forEach(
        (broker, directories) ->
            directories.forEach(
                (path, directory) ->
                    usage.add(
                        new LogDirUsage(
                            broker,
                            path,
                            directory.replicaInfos().values().stream()
                                .mapToLong(ReplicaInfo::size)
                                .sum(),
                            directory.totalBytes(),
                            directory.usableBytes(),
                            Optional.ofNullable(directory.error())
                                .map(
                                    error ->
                                        error.getClass().getSimpleName()
                                            + ": "
                                            + error.getMessage())))));
    return usage;
  }

  /** The controller quorum as the cluster described it; a negative leader id means none. */
  static ControllerQuorum quorum(QuorumInfo info) {
    long highWatermark = info.highWatermark();
    return new ControllerQuorum(
        info.leaderId() < 0 ? OptionalInt.empty() : OptionalInt.of(info.leaderId()),
        info.leaderEpoch(),
        highWatermark,
        info.voters().stream().map(state -> replica(state, highWatermark)).toList(),
        info.observers().stream().map(state -> replica(state, highWatermark)).toList());
  }

  private static ControllerQuorum.Replica replica(QuorumInfo.ReplicaState state, long hw) {
    return replica(
        state.replicaId(),
        state.logEndOffset(),
        hw,
        state.lastCaughtUpTimestamp(),
        state.lastFetchTimestamp());
  }

  /**
   * One replica of the quorum from what the cluster reports of it: a negative log end offset or
   * timestamp means the cluster does not know it.
   */
  static ControllerQuorum.Replica replica(
      int replicaId,
      long logEndOffset,
      long highWatermark,
      OptionalLong lastCaughtUpMillis,
      OptionalLong lastFetchMillis) {
    return ControllerQuorum.Replica.of(
        replicaId,
        logEndOffset < 0 ? OptionalLong.empty() : OptionalLong.of(logEndOffset),
        highWatermark,
        instant(lastCaughtUpMillis),
        instant(lastFetchMillis));
  }

  private static Optional<Instant> instant(OptionalLong epochMillis) {
    return epochMillis.isPresent() && epochMillis.getAsLong() >= 0
        ? Optional.of(Instant.ofEpochMilli(epochMillis.getAsLong()))
        : Optional.empty();
  }

  /** The end offsets listed, one record each. */
  static List<PartitionEndOffset> endOffsets(Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream()
        .map(
            end ->
                new PartitionEndOffset(
                    end.getKey().topic(), end.getKey().partition(), end.getValue()))
        .toList();
  }

  /**
   * The lag of each group {@code listed}, once per group id (a group listed by two brokers while it
   * moves is one group), by group id. A group missing from {@code described} or {@code committed}
   * has no members count or no partitions.
   */
  static List<GroupLag> groupLags(
      Collection<GroupListing> listed,
      Map<String, ConsumerGroupDescription> described,
      Map<String, Map<TopicPartition, OffsetAndMetadata>> committed,
      Map<TopicPartition, Long> ends,
      Map<PartitionOffset, Duration> timeLags) {
    Map<String, GroupListing> byId = new TreeMap<>();
    listed.forEach(group -> byId.putIfAbsent(group.groupId(), group));
    List<GroupLag> lags = new ArrayList<>();
    byId.forEach(
        (id, listing) ->
            lags.add(groupLag(listing, described.get(id), committed.get(id), ends, timeLags)));
    return lags;
  }

  /**
   * One group's lag: its type and state (the description's state over the listing's), its members,
   * and a lag on each partition it committed on whose end offset is known, internal topics left
   * out; a partition gets the time lag found at its committed offset, if any.
   *
   * @param description null when the group could not be described
   * @param committed null when its offsets could not be listed
   */
  static GroupLag groupLag(
      GroupListing listing,
      ConsumerGroupDescription description,
      Map<TopicPartition, OffsetAndMetadata> committed,
      Map<TopicPartition, Long> ends,
      Map<PartitionOffset, Duration> timeLags) {
    String type = listing.type().map(Enum::name).orElse(UNKNOWN);
    String state =
        description != null && description.groupState() != null
            ? description.groupState().name()
            : listing.groupState().map(Enum::name).orElse(UNKNOWN);
    OptionalInt members =
        description == null ? OptionalInt.empty() : OptionalInt.of(description.members().size());
    List<GroupPartitionLag> partitions = new ArrayList<>();
    if (committed != null) {
      committed.entrySet().stream()
          .filter(entry -> entry.getValue() != null)
          .filter(entry -> !internal(entry.getKey().topic()))
          .filter(entry -> ends.containsKey(entry.getKey()))
          .sorted(
              Comparator.comparing(
                      (Map.Entry<TopicPartition, OffsetAndMetadata> e) -> e.getKey().topic())
                  .thenComparingInt(e -> e.getKey().partition()))
          .forEach(
              entry -> {
                TopicPartition partition = entry.getKey();
                long offset = entry.getValue().offset();
                partitions.add(
                    GroupPartitionLag.of(
                        partition.topic(),
                        partition.partition(),
                        offset,
                        ends.get(partition),
                        Optional.ofNullable(timeLags.get(new PartitionOffset(partition, offset)))));
              });
    }
    return new GroupLag(listing.groupId(), type, state, members, partitions);
  }
}
