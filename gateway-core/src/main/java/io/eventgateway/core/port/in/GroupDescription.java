package io.eventgateway.core.port.in;

import io.eventgateway.core.domain.ConsumerGroupState;
import io.eventgateway.core.domain.PartitionLag;
import java.util.List;

/**
 * A consumer group on one stream.
 *
 * @param group the group's name
 * @param stream the stream
 * @param state the cluster's name for the group's state
 * @param members the live members, with the stream's partitions each has
 * @param partitions the committed offset and lag of every partition of the stream
 * @param totalLag the sum of the partitions' lag
 */
public record GroupDescription(
    String group,
    String stream,
    String state,
    List<ConsumerGroupState.Member> members,
    List<PartitionLag> partitions,
    long totalLag) {
  public GroupDescription {
    members = List.copyOf(members);
    partitions = List.copyOf(partitions);
  }
}
