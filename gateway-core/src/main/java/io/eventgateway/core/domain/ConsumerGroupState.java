package io.eventgateway.core.domain;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A consumer group as the cluster has it now, seen from one stream.
 *
 * @param group the group's name
 * @param state the cluster's name for the group's state, e.g. {@code STABLE} or {@code EMPTY}
 * @param members the live members
 * @param committed the committed offset per partition of the stream; partitions without one are
 *     absent
 */
public record ConsumerGroupState(
    String group, String state, List<Member> members, Map<Integer, Long> committed) {
  public ConsumerGroupState {
    members = List.copyOf(members);
    committed = Map.copyOf(committed);
  }

  /**
   * A live member of the group.
   *
   * @param memberId the id the cluster gave it
   * @param clientId the client id it connected with
   * @param host where it connected from
   * @param partitions the stream's partitions assigned to it
   */
  public record Member(String memberId, String clientId, String host, Set<Integer> partitions) {
    public Member {
      partitions = Set.copyOf(partitions);
    }
  }
}
