package io.eventgateway.core.application;

import static io.eventgateway.core.application.RequestChecks.rejected;

import io.eventgateway.core.domain.ConsumerGroupState;
import io.eventgateway.core.domain.PartitionLag;
import io.eventgateway.core.domain.PartitionState;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.in.GroupDescription;
import io.eventgateway.core.port.in.ManageConsumerGroupsUseCase;
import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.core.port.in.RequestFailure.Kind;
import io.eventgateway.core.port.out.ClusterAdmin;
import io.eventgateway.core.port.out.ClusterAdminException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The administrators' view of consumer groups: their lag, and resetting them to replay. Validates
 * every request before it reaches the cluster.
 *
 * <p>Thread-safe.
 */
public final class ManageConsumerGroupsService implements ManageConsumerGroupsUseCase {
  private final StreamCatalog catalog;
  private final ClusterAdmin cluster;
  private final Clock clock;

  public ManageConsumerGroupsService(StreamCatalog catalog, ClusterAdmin cluster, Clock clock) {
    this.catalog = catalog;
    this.cluster = cluster;
    this.clock = clock;
  }

  @Override
  public GroupDescription describeGroup(String group, String stream) {
    RequestChecks.checkGroup(group);
    StreamDefinition definition = RequestChecks.declared(catalog, stream);
    List<PartitionState> partitions = partitions(definition.name());
    ConsumerGroupState state;
    try {
      state = cluster.group(group, definition.name());
    } catch (ClusterAdminException failed) {
      throw rejected(PortFailures.failure(failed));
    }
    List<PartitionLag> lags = lags(partitions, state.committed());
    return new GroupDescription(
        group,
        definition.name(),
        state.state(),
        state.members(),
        lags,
        lags.stream().mapToLong(PartitionLag::lag).sum());
  }

  @Override
  public List<PartitionLag> resetGroup(String group, String stream, StartPosition target) {
    RequestChecks.checkGroup(group);
    StreamDefinition definition = RequestChecks.declared(catalog, stream);
    if (target == null || target instanceof StartPosition.Committed) {
      throw rejected(
          new RequestFailure(
              Kind.INVALID_ARGUMENT, "to", "is required: EARLIEST, LATEST, TIME or OFFSETS"));
    }
    if (target instanceof StartPosition.AtTime at && at.time().isAfter(clock.instant())) {
      throw rejected(
          new RequestFailure(Kind.OUT_OF_RANGE, "time", "is in the future (" + at.time() + ")"));
    }
    if (target instanceof StartPosition.AtOffsets offsets) {
      RequestChecks.checkOffsets(offsets.offsets(), definition, "offsets");
    }
    Map<Integer, Long> committed;
    try {
      committed = cluster.resetGroup(group, definition.name(), target);
    } catch (ClusterAdminException failed) {
      if (failed.kind() == ClusterAdminException.Kind.GROUP_NOT_EMPTY) {
        throw rejected(
            new RequestFailure(
                Kind.FAILED_PRECONDITION,
                "group",
                "'"
                    + group
                    + "' has live members; a group can only be reset when none of its"
                    + " subscribers is connected ("
                    + failed.getMessage()
                    + ")"));
      }
      if (failed.kind() == ClusterAdminException.Kind.OUT_OF_RANGE
          && target instanceof StartPosition.AtOffsets) {
        throw rejected(
            new RequestFailure(
                Kind.OUT_OF_RANGE,
                "offsets",
                "hold an offset outside the log (" + failed.getMessage() + ")"));
      }
      throw rejected(PortFailures.failure(failed));
    }
    return lags(partitions(definition.name()), committed);
  }

  private static List<PartitionLag> lags(
      List<PartitionState> partitions, Map<Integer, Long> committed) {
    List<PartitionLag> lags = new ArrayList<>();
    for (PartitionState partition : partitions) {
      lags.add(
          PartitionLag.of(
              partition.partition(),
              committed.getOrDefault(partition.partition(), -1L),
              partition.startOffset(),
              partition.endOffset()));
    }
    return lags;
  }

  private List<PartitionState> partitions(String stream) {
    try {
      return cluster.partitions(stream);
    } catch (ClusterAdminException failed) {
      throw rejected(PortFailures.failure(failed));
    }
  }
}
