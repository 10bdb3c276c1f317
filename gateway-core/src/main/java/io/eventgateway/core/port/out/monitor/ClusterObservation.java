package io.eventgateway.core.port.out.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One look at the whole log cluster, as a cluster monitor takes it: the cluster's health and the
 * lag of every consumer group on it, with the parts it could not observe.
 *
 * <p>A part that failed is listed in {@link #failures} and its fields are empty (no brokers, no
 * quorum, no topics, ...); the other parts are as observed. Read {@link #failures} before reading
 * an empty field as "none".
 *
 * @param observedAt when the observation started; offsets, lags and time lags are as of about then
 * @param duration how long the observation took
 * @param health brokers, controller quorum, partitions and log directories
 * @param endOffsets the end offset (the offset the next record will get) of every partition of the
 *     topics that some group has committed offsets on, by topic and partition; topics whose name
 *     starts with {@code __} (the cluster's internal topics) excluded
 * @param groups every consumer group on the cluster (classic and consumer protocol), by group id
 * @param failures the parts that could not be observed, with why
 */
public record ClusterObservation(
    Instant observedAt,
    Duration duration,
    ClusterHealth health,
    List<PartitionEndOffset> endOffsets,
    List<GroupLag> groups,
    Map<Part, String> failures) {

  /** The parts of an observation, each read with its own request(s), each able to fail alone. */
  public enum Part {
    /** The brokers online and registered. */
    BROKERS,
    /** The controller quorum (KRaft). */
    QUORUM,
    /** The topics and their partitions' leaders, replicas and in-sync replicas. */
    TOPICS,
    /** The topics' {@code min.insync.replicas}. */
    TOPIC_CONFIGS,
    /** The brokers' log directories. */
    LOG_DIRS,
    /** The list of consumer groups. */
    GROUPS,
    /** The groups' committed offsets. */
    GROUP_OFFSETS,
    /** The groups' states and members. */
    GROUP_MEMBERS,
    /** The partitions' end offsets. */
    END_OFFSETS,
    /** The time lags: reading the record at a group's committed offset. */
    TIME_LAG
  }

  public ClusterObservation {
    Objects.requireNonNull(observedAt, "observedAt");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(health, "health");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, was " + duration);
    }
    endOffsets =
        endOffsets.stream()
            .sorted(
                Comparator.comparing(PartitionEndOffset::topic)
                    .thenComparingInt(PartitionEndOffset::partition))
            .toList();
    groups = groups.stream().sorted(Comparator.comparing(GroupLag::groupId)).toList();
    for (int i = 1; i < groups.size(); i++) {
      if (groups.get(i).groupId().equals(groups.get(i - 1).groupId())) {
        throw new IllegalArgumentException("group " + groups.get(i).groupId() + " listed twice");
      }
    }
    failures = Map.copyOf(failures);
  }

  /** True when every part was observed. */
  public boolean complete() {
    return failures.isEmpty();
  }

  /** The group with this id, if the cluster has it. */
  public Optional<GroupLag> group(String groupId) {
    return groups.stream().filter(group -> group.groupId().equals(groupId)).findFirst();
  }
}
