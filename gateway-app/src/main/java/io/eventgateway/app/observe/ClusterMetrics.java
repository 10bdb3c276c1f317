package io.eventgateway.app.observe;

import io.eventgateway.core.port.out.monitor.ClusterHealth;
import io.eventgateway.core.port.out.monitor.ClusterMonitor;
import io.eventgateway.core.port.out.monitor.ClusterObservation;
import io.eventgateway.core.port.out.monitor.ClusterObservation.Part;
import io.eventgateway.core.port.out.monitor.ControllerQuorum;
import io.eventgateway.core.port.out.monitor.GroupLag;
import io.eventgateway.core.port.out.monitor.GroupPartitionLag;
import io.eventgateway.core.port.out.monitor.LogDirUsage;
import io.eventgateway.core.port.out.monitor.PartitionEndOffset;
import io.eventgateway.core.port.out.monitor.TopicHealth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The cluster monitor's latest observation as gauges: brokers, controller quorum, partition health
 * per topic, log dirs, and every consumer group's lag per partition. {@link #update()} runs before
 * each scrape and re-reads the observation only when it is a new one. Each observation replaces the
 * rows of the last, so the rows follow what the cluster has.
 *
 * <p>Group names are the clients' choice, and Kafka keeps a group's offsets for days after its last
 * member left, so at most {@code maxGroups} groups get rows of their own ({@link GroupLabelCap});
 * the others are folded into {@code group="(other)"} per topic and partition: their lag and members
 * summed, their time lag the largest, no committed offset (a sum of offsets means nothing). The
 * status page and {@code DescribeConsumerGroup} still show every group.
 *
 * <p>A part the last refresh could not observe keeps its previous values (the monitor's staleness
 * shows in {@code esg_cluster_monitor_last_success_timestamp_seconds}); a scalar gauge whose part
 * was never observed is NaN, never a misleading 0 (no "0 brokers online" because the refresh
 * failed). Not thread-safe: call {@link #update()} from one thread at a time.
 */
final class ClusterMetrics {
  private final ClusterMonitor monitor;
  private final MultiGauge quorumLag;
  private final MultiGauge partitions;
  private final MultiGauge underReplicated;
  private final MultiGauge offline;
  private final MultiGauge underMinIsr;
  private final MultiGauge logDirSize;
  private final MultiGauge logDirTotal;
  private final MultiGauge logDirUsable;
  private final MultiGauge endOffsets;
  private final MultiGauge groupLag;
  private final MultiGauge groupTimeLag;
  private final MultiGauge groupCommitted;
  private final MultiGauge groupMembers;
  private final GroupLabelCap groupLabels;
  private Instant shown;

  ClusterMetrics(MeterRegistry registry, ClusterMonitor monitor, int maxGroups) {
    this.monitor = monitor;
    this.groupLabels = new GroupLabelCap(maxGroups);
    scalar(
        registry,
        MetricNames.BROKERS_ONLINE,
        "Brokers registered and not fenced",
        Part.BROKERS,
        h -> h.brokersOnline().size());
    scalar(
        registry,
        MetricNames.BROKERS_EXPECTED,
        "Brokers the cluster should have: online, fenced, or holding replicas",
        Part.BROKERS,
        h -> h.brokersExpected().size());
    quorum(
        registry,
        MetricNames.QUORUM_HAS_LEADER,
        "1 while the controller quorum has a leader",
        q -> q.leaderId().isPresent() ? 1 : 0);
    quorum(
        registry,
        MetricNames.QUORUM_LEADER_ID,
        "The controller quorum leader's node id",
        q -> q.leaderId().isPresent() ? q.leaderId().getAsInt() : Double.NaN);
    quorum(
        registry,
        MetricNames.QUORUM_VOTERS,
        "Voters of the controller quorum",
        q -> q.voters().size());
    Gauge.builder(
            MetricNames.LAST_SUCCESS,
            () -> latest().map(o -> o.observedAt().toEpochMilli() / 1000.0).orElse(Double.NaN))
        .description("When the cluster monitor last observed the cluster (Unix time)")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder(
            MetricNames.REFRESH_DURATION,
            () -> latest().map(o -> o.duration().toNanos() / 1e9).orElse(Double.NaN))
        .description("How long the cluster monitor's last refresh took")
        .baseUnit("seconds")
        .register(registry);
    quorumLag =
        multi(
            registry,
            MetricNames.QUORUM_LAG,
            "Metadata records a controller replica is behind the quorum's high watermark",
            "records");
    partitions = multi(registry, MetricNames.PARTITIONS, "Partitions of the topic", null);
    underReplicated =
        multi(
            registry,
            MetricNames.UNDER_REPLICATED,
            "Partitions whose in-sync replicas are fewer than their replicas",
            null);
    offline = multi(registry, MetricNames.OFFLINE, "Partitions without a leader", null);
    underMinIsr =
        multi(
            registry,
            MetricNames.UNDER_MIN_ISR,
            "Partitions with fewer in-sync replicas than min.insync.replicas: acks=all writes fail",
            null);
    logDirSize =
        multi(
            registry,
            MetricNames.LOG_DIR_SIZE,
            "Bytes of the replicas in a broker's log dir",
            "bytes");
    logDirTotal =
        multi(
            registry,
            MetricNames.LOG_DIR_TOTAL,
            "Size of the volume that holds a broker's log dir",
            "bytes");
    logDirUsable =
        multi(
            registry,
            MetricNames.LOG_DIR_USABLE,
            "Free bytes on the volume that holds a broker's log dir",
            "bytes");
    endOffsets =
        multi(
            registry,
            MetricNames.PARTITION_END_OFFSET,
            "The offset the next record of the partition will get",
            null);
    groupLag =
        multi(
            registry,
            MetricNames.GROUP_LAG,
            "Records of the partition the consumer group has not consumed",
            "records");
    groupTimeLag =
        multi(
            registry,
            MetricNames.GROUP_TIME_LAG,
            "Age of the oldest record the consumer group has not consumed",
            null);
    groupCommitted =
        multi(registry, MetricNames.GROUP_COMMITTED, "The consumer group's committed offset", null);
    groupMembers =
        multi(registry, MetricNames.GROUP_MEMBERS, "Live members of the consumer group", null);
  }

  /** Shows the monitor's latest observation, when it is newer than the one shown. */
  void update() {
    Optional<ClusterObservation> latest = latest();
    if (latest.isEmpty() || latest.get().observedAt().equals(shown)) {
      return;
    }
    ClusterObservation observation = latest.get();
    shown = observation.observedAt();
    ClusterHealth health = observation.health();
    health.quorum().ifPresent(q -> quorumLag.register(quorumRows(q), true));
    if (!observation.failures().containsKey(Part.TOPICS)) {
      partitions.register(topicRows(health, TopicHealth::partitions), true);
      underReplicated.register(topicRows(health, TopicHealth::underReplicated), true);
      offline.register(topicRows(health, TopicHealth::offline), true);
    }
    if (!observation.failures().containsKey(Part.TOPICS)
        && !observation.failures().containsKey(Part.TOPIC_CONFIGS)) {
      underMinIsr.register(topicRows(health, TopicHealth::underMinIsr), true);
    }
    if (!observation.failures().containsKey(Part.LOG_DIRS)) {
      logDirSize.register(logDirRows(health, d -> (double) d.sizeBytes()), true);
      logDirTotal.register(
          logDirRows(
              health, d -> d.totalBytes().isPresent() ? d.totalBytes().getAsLong() : Double.NaN),
          true);
      logDirUsable.register(
          logDirRows(
              health, d -> d.usableBytes().isPresent() ? d.usableBytes().getAsLong() : Double.NaN),
          true);
    }
    if (!observation.failures().containsKey(Part.END_OFFSETS)) {
      List<MultiGauge.Row<?>> rows = new ArrayList<>();
      for (PartitionEndOffset end : observation.endOffsets()) {
        rows.add(
            MultiGauge.Row.of(
                Tags.of("topic", end.topic(), "partition", Integer.toString(end.partition())),
                end.endOffset()));
      }
      endOffsets.register(rows, true);
    }
    if (!observation.failures().containsKey(Part.GROUPS)
        && !observation.failures().containsKey(Part.GROUP_OFFSETS)) {
      showGroups(observation.groups());
    }
  }

  private void showGroups(List<GroupLag> groups) {
    Set<String> labelled = groupLabels.labelled(groups.stream().map(GroupLag::groupId).toList());
    List<MultiGauge.Row<?>> lag = new ArrayList<>();
    List<MultiGauge.Row<?>> timeLag = new ArrayList<>();
    List<MultiGauge.Row<?>> committed = new ArrayList<>();
    List<MultiGauge.Row<?>> members = new ArrayList<>();
    // the folded groups, per topic and partition: lag summed, time lag the largest
    Map<List<String>, Double> otherLag = new LinkedHashMap<>();
    Map<List<String>, Double> otherTimeLag = new LinkedHashMap<>();
    int otherMembers = 0;
    boolean anyOther = false;
    for (GroupLag group : groups) {
      if (!labelled.contains(group.groupId())) {
        anyOther = true;
        otherMembers += group.members().orElse(0);
        for (GroupPartitionLag partition : group.partitions()) {
          List<String> where = List.of(partition.topic(), Integer.toString(partition.partition()));
          otherLag.merge(where, (double) partition.lag(), Double::sum);
          partition
              .timeLag()
              .ifPresent(age -> otherTimeLag.merge(where, age.toMillis() / 1000.0, Math::max));
        }
        continue;
      }
      group
          .members()
          .ifPresent(n -> members.add(MultiGauge.Row.of(Tags.of("group", group.groupId()), n)));
      for (GroupPartitionLag partition : group.partitions()) {
        Tags tags = partitionTags(group.groupId(), partition.topic(), partition.partition() + "");
        lag.add(MultiGauge.Row.of(tags, partition.lag()));
        committed.add(MultiGauge.Row.of(tags, partition.committedOffset()));
        partition
            .timeLag()
            .ifPresent(age -> timeLag.add(MultiGauge.Row.of(tags, age.toMillis() / 1000.0)));
      }
    }
    if (anyOther) {
      members.add(MultiGauge.Row.of(Tags.of("group", GroupLabelLimits.OTHER), otherMembers));
      otherLag.forEach(
          (where, value) ->
              lag.add(
                  MultiGauge.Row.of(
                      partitionTags(GroupLabelLimits.OTHER, where.get(0), where.get(1)), value)));
      otherTimeLag.forEach(
          (where, value) ->
              timeLag.add(
                  MultiGauge.Row.of(
                      partitionTags(GroupLabelLimits.OTHER, where.get(0), where.get(1)), value)));
    }
    groupLag.register(lag, true);
    groupTimeLag.register(timeLag, true);
    groupCommitted.register(committed, true);
    groupMembers.register(members, true);
  }

  private static Tags partitionTags(String group, String topic, String partition) {
    return Tags.of("group", group, "topic", topic, "partition", partition);
  }

  private static List<MultiGauge.Row<?>> quorumRows(ControllerQuorum quorum) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (ControllerQuorum.Replica voter : quorum.voters()) {
      voter.lag().ifPresent(lag -> rows.add(MultiGauge.Row.of(replica(voter, "voter"), lag)));
    }
    for (ControllerQuorum.Replica observer : quorum.observers()) {
      observer
          .lag()
          .ifPresent(lag -> rows.add(MultiGauge.Row.of(replica(observer, "observer"), lag)));
    }
    return rows;
  }

  private static Tags replica(ControllerQuorum.Replica replica, String role) {
    return Tags.of("replica", Integer.toString(replica.replicaId()), "role", role);
  }

  private static List<MultiGauge.Row<?>> topicRows(
      ClusterHealth health, ToDoubleFunction<TopicHealth> value) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (TopicHealth topic : health.topics()) {
      rows.add(MultiGauge.Row.of(Tags.of("topic", topic.topic()), value.applyAsDouble(topic)));
    }
    return rows;
  }

  private static List<MultiGauge.Row<?>> logDirRows(
      ClusterHealth health, ToDoubleFunction<LogDirUsage> value) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (LogDirUsage dir : health.logDirs()) {
      double v = value.applyAsDouble(dir);
      if (!Double.isNaN(v)) {
        rows.add(
            MultiGauge.Row.of(
                Tags.of("broker", Integer.toString(dir.brokerId()), "path", dir.path()), v));
      }
    }
    return rows;
  }

  private Optional<ClusterObservation> latest() {
    return monitor.latest();
  }

  /** A gauge of the latest health, NaN while {@code part} has never been observed. */
  private void scalar(
      MeterRegistry registry,
      String name,
      String description,
      Part part,
      ToDoubleFunction<ClusterHealth> value) {
    Gauge.builder(
            name,
            () ->
                latest()
                    .filter(o -> !o.failures().containsKey(part))
                    .map(o -> value.applyAsDouble(o.health()))
                    .orElse(Double.NaN))
        .description(description)
        .register(registry);
  }

  private void quorum(
      MeterRegistry registry,
      String name,
      String description,
      ToDoubleFunction<ControllerQuorum> value) {
    Gauge.builder(
            name,
            () ->
                latest()
                    .flatMap(o -> o.health().quorum())
                    .map(value::applyAsDouble)
                    .orElse(Double.NaN))
        .description(description)
        .register(registry);
  }

  private static MultiGauge multi(
      MeterRegistry registry, String name, String description, String baseUnit) {
    MultiGauge.Builder builder = MultiGauge.builder(name).description(description);
    return (baseUnit == null ? builder : builder.baseUnit(baseUnit)).register(registry);
  }
}
