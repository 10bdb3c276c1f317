package io.eventgateway.core.port.out.monitor;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How far one consumer group is behind, on every partition it has committed an offset on.
 *
 * @param groupId the group's id
 * @param type the group's protocol as the cluster names it: {@code CLASSIC}, {@code CONSUMER}, or
 *     {@code UNKNOWN} when the cluster does not say
 * @param state the group's state as the cluster names it, e.g. {@code STABLE}, {@code EMPTY},
 *     {@code UNKNOWN} when the cluster does not say
 * @param members the number of live members; empty when the group could not be described
 * @param partitions the lag per partition the group has committed an offset on and whose end offset
 *     is known, by topic and partition; internal topics ({@code __...}) excluded
 */
public record GroupLag(
    String groupId,
    String type,
    String state,
    OptionalInt members,
    List<GroupPartitionLag> partitions) {
  public GroupLag {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(members, "members");
    if (members.isPresent() && members.getAsInt() < 0) {
      throw new IllegalArgumentException("members must not be negative, was " + members);
    }
    partitions =
        partitions.stream()
            .sorted(
                Comparator.comparing(GroupPartitionLag::topic)
                    .thenComparingInt(GroupPartitionLag::partition))
            .toList();
  }

  /** The records not yet consumed, over all its partitions. */
  public long totalLag() {
    return partitions.stream().mapToLong(GroupPartitionLag::lag).sum();
  }

  /**
   * The age of the group's oldest unconsumed record over all its partitions: the largest time lag
   * known; empty when no partition's time lag is known.
   */
  public Optional<Duration> maxTimeLag() {
    return partitions.stream()
        .map(GroupPartitionLag::timeLag)
        .flatMap(Optional::stream)
        .max(Comparator.naturalOrder());
  }

  /** The lag on one partition, if the group has committed an offset there. */
  public Optional<GroupPartitionLag> partition(String topic, int partition) {
    return partitions.stream()
        .filter(lag -> lag.topic().equals(topic) && lag.partition() == partition)
        .findFirst();
  }
}
