package io.eventgateway.core.port.in;

import io.eventgateway.core.domain.PartitionLag;
import io.eventgateway.core.domain.StartPosition;
import java.util.List;

/** Consumer groups, as administrators see them: lag and replay. */
public interface ManageConsumerGroupsUseCase {

  /**
   * A group's state, members, and committed offset and lag per partition of {@code stream}.
   *
   * @throws RequestRejectedException INVALID_ARGUMENT for a malformed group or stream name,
   *     UNKNOWN_STREAM for an undeclared stream, UNAVAILABLE when the cluster cannot be reached
   */
  GroupDescription describeGroup(String group, String stream);

  /**
   * Moves the group's committed offsets on {@code stream} to {@code target} (any position but
   * {@link StartPosition.Committed}); with {@link StartPosition.AtOffsets} only the partitions
   * listed.
   *
   * @return the committed offsets and lag after the reset
   * @throws RequestRejectedException INVALID_ARGUMENT for a malformed request, UNKNOWN_STREAM for
   *     an undeclared stream, FAILED_PRECONDITION while the group has live members, OUT_OF_RANGE
   *     for an offset outside a partition's log or a time in the future, UNAVAILABLE when the
   *     cluster cannot be reached
   */
  List<PartitionLag> resetGroup(String group, String stream, StartPosition target);
}
