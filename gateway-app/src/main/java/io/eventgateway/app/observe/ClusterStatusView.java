package io.eventgateway.app.observe;

import io.eventgateway.app.observe.GatewayStatus.ClusterStatus;
import io.eventgateway.app.observe.GatewayStatus.GroupPartition;
import io.eventgateway.app.observe.GatewayStatus.GroupStatus;
import io.eventgateway.core.port.out.monitor.ClusterHealth;
import io.eventgateway.core.port.out.monitor.ClusterMonitor;
import io.eventgateway.core.port.out.monitor.ClusterObservation;
import io.eventgateway.core.port.out.monitor.GroupLag;
import io.eventgateway.core.port.out.monitor.GroupPartitionLag;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The cluster monitor's latest observation in the status page's terms. */
final class ClusterStatusView {
  private ClusterStatusView() {}

  static ClusterStatus cluster(ClusterObservation observation, ClusterMonitor monitor) {
    ClusterHealth health = observation.health();
    return new ClusterStatus(
        observation.observedAt().toString(),
        observation.duration().toNanos() / 1e9,
        health.brokersOnline().stream().sorted().toList(),
        health.brokersExpected().stream().sorted().toList(),
        health
            .quorum()
            .filter(q -> q.leaderId().isPresent())
            .map(q -> q.leaderId().getAsInt())
            .orElse(null),
        health
            .quorum()
            .map(
                q ->
                    q.voters().stream()
                        .map(
                            v ->
                                new GatewayStatus.QuorumReplica(
                                    v.replicaId(),
                                    v.lag().isPresent() ? v.lag().getAsLong() : null))
                        .toList())
            .orElse(List.of()),
        health.partitions(),
        health.underReplicatedPartitions(),
        health.offlinePartitions(),
        health.underMinIsrPartitions(),
        health.topics().stream()
            .filter(t -> !t.healthy())
            .map(
                t ->
                    new GatewayStatus.TopicStatus(
                        t.topic(),
                        t.partitions(),
                        t.underReplicated(),
                        t.offline(),
                        t.underMinIsr()))
            .toList(),
        health.logDirs().stream()
            .map(
                d ->
                    new GatewayStatus.LogDir(
                        d.brokerId(),
                        d.path(),
                        d.sizeBytes(),
                        d.totalBytes().isPresent() ? d.totalBytes().getAsLong() : null,
                        d.usableBytes().isPresent() ? d.usableBytes().getAsLong() : null,
                        d.error().orElse(null)))
            .toList(),
        observation.failures().keySet().stream().map(Enum::name).sorted().toList(),
        monitor.lastError().map(e -> e.message()).orElse(null));
  }

  /** The groups with the most lag first, at most {@link GatewayStatus#MAX_GROUPS}. */
  static List<GroupStatus> groups(ClusterObservation observation) {
    return observation.groups().stream()
        .sorted(
            Comparator.comparingLong(GroupLag::totalLag)
                .reversed()
                .thenComparing(GroupLag::groupId))
        .limit(GatewayStatus.MAX_GROUPS)
        .map(ClusterStatusView::group)
        .toList();
  }

  private static GroupStatus group(GroupLag group) {
    return new GroupStatus(
        group.groupId(),
        group.state(),
        group.members().isPresent() ? group.members().getAsInt() : null,
        group.totalLag(),
        seconds(group.maxTimeLag()),
        group.partitions().stream()
            .sorted(
                Comparator.comparing(GroupPartitionLag::topic)
                    .thenComparingInt(GroupPartitionLag::partition))
            .map(
                p ->
                    new GroupPartition(
                        p.topic(),
                        p.partition(),
                        p.committedOffset(),
                        p.endOffset(),
                        p.lag(),
                        seconds(p.timeLag())))
            .toList());
  }

  private static Double seconds(Optional<Duration> duration) {
    return duration.map(d -> d.toMillis() / 1000.0).orElse(null);
  }
}
