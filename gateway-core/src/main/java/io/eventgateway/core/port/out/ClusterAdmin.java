package io.eventgateway.core.port.out;

import io.eventgateway.core.domain.ConsumerGroupState;
import io.eventgateway.core.domain.PartitionState;
import io.eventgateway.core.domain.StartPosition;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The administration of the cluster's partitions and consumer groups: what it knows of a stream's
 * partitions and of a group (reads), and group resets (the one write).
 */
public interface ClusterAdmin {

  /**
   * Each partition of {@code stream}'s topic, by partition number.
   *
   * @throws ClusterAdminException UNKNOWN_STREAM when the topic does not exist, UNAVAILABLE when
   *     the cluster cannot be reached in time
   */
  List<PartitionState> partitions(String stream);

  /**
   * {@code group} as seen from {@code stream}: an unknown group is EMPTY (or DEAD) with no members
   * and nothing committed.
   *
   * @throws ClusterAdminException UNAVAILABLE when the cluster cannot be reached in time
   */
  ConsumerGroupState group(String group, String stream);

  /**
   * The streams {@code group} reads or has read: those it has committed offsets on or live members
   * assigned to. Empty for a group the cluster does not know.
   *
   * @throws ClusterAdminException UNAVAILABLE when the cluster cannot be reached in time
   */
  Set<String> streamsOf(String group);

  /**
   * Sets {@code group}'s committed offsets on {@code stream} to {@code target} (not {@link
   * StartPosition.Committed}).
   *
   * @return the committed offset per partition after the reset
   * @throws ClusterAdminException GROUP_NOT_EMPTY while the group has live members, OUT_OF_RANGE
   *     for an offset outside a partition's log, a time in the future or an unknown partition,
   *     UNKNOWN_STREAM when the topic does not exist, UNAVAILABLE when the cluster cannot be
   *     reached in time
   */
  Map<Integer, Long> resetGroup(String group, String stream, StartPosition target);
}
