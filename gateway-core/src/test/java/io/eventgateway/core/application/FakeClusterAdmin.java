package io.eventgateway.core.application;

import io.eventgateway.core.domain.ConsumerGroupState;
import io.eventgateway.core.domain.PartitionState;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.port.out.ClusterAdmin;
import io.eventgateway.core.port.out.ClusterAdminException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ClusterAdmin} of the partitions and groups a test puts into it; a stream it has no
 * partitions for has no topic (UNKNOWN_STREAM), a group it does not know is EMPTY.
 */
final class FakeClusterAdmin implements ClusterAdmin {
  final Map<String, List<PartitionState>> partitions = new HashMap<>();
  final Map<String, ConsumerGroupState> groups = new HashMap<>();
  final List<StartPosition> resets = new ArrayList<>();
  Map<Integer, Long> resetResult = Map.of();
  ClusterAdminException resetRefusal;

  @Override
  public List<PartitionState> partitions(String stream) {
    List<PartitionState> found = partitions.get(stream);
    if (found == null) {
      throw new ClusterAdminException(ClusterAdminException.Kind.UNKNOWN_STREAM, stream);
    }
    return found;
  }

  @Override
  public ConsumerGroupState group(String group, String stream) {
    return groups.getOrDefault(group, new ConsumerGroupState(group, "EMPTY", List.of(), Map.of()));
  }

  @Override
  public Set<String> streamsOf(String group) {
    return Set.of();
  }

  @Override
  public Map<Integer, Long> resetGroup(String group, String stream, StartPosition target) {
    if (resetRefusal != null) {
      throw resetRefusal;
    }
    resets.add(target);
    return resetResult;
  }

  static PartitionState partition(int partition, long start, long end) {
    return new PartitionState(partition, start, end, 1, List.of(1), List.of(1));
  }
}
