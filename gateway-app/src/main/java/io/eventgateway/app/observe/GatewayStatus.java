package io.eventgateway.app.observe;

import java.util.List;

/**
 * What {@code /api/status} answers, as JSON, and the status page shows: totals only; the page
 * computes rates from two answers.
 *
 * @param version the gateway's version
 * @param time when this was taken (ISO-8601)
 * @param uptimeSeconds how long the gateway's process has run
 * @param health readiness and why not
 * @param inFlight events accepted whose write has not completed
 * @param streams every declared stream with its publish totals
 * @param cluster the cluster as the monitor last observed it; null before its first observation or
 *     when it is off
 * @param groupCount consumer groups on the cluster
 * @param groups the groups with the most lag, at most {@value #MAX_GROUPS}, most lag first
 * @param recentErrors the last publish failures, newest first
 */
public record GatewayStatus(
    String version,
    String time,
    double uptimeSeconds,
    Health health,
    long inFlight,
    List<StreamStatus> streams,
    ClusterStatus cluster,
    int groupCount,
    List<GroupStatus> groups,
    List<RecentErrors.Entry> recentErrors) {

  /** The most groups a status lists. */
  public static final int MAX_GROUPS = 100;

  /**
   * The gateway's readiness, as {@code /health/ready} reports it.
   *
   * @param ready whether the gateway is ready for traffic
   * @param kafkaReachable whether Kafka answers
   * @param streamsReconciled whether the streams were reconciled with the cluster
   * @param problems why it is not ready; empty when it is
   */
  public record Health(
      boolean ready, boolean kafkaReachable, boolean streamsReconciled, List<String> problems) {}

  /**
   * One stream's totals since the gateway started.
   *
   * @param name the stream
   * @param streamClass its class (events, raw, audit, ...)
   * @param durability standard or critical
   * @param partitions its partitions
   * @param written events written (resends answered as duplicates included)
   * @param failed events that failed, any status
   * @param bytes data bytes written
   * @param publishSeconds the publish durations summed, with {@code publishCount}: the mean over
   *     any interval is the difference of the sums over the difference of the counts
   * @param publishCount events timed
   */
  public record StreamStatus(
      String name,
      String streamClass,
      String durability,
      int partitions,
      double written,
      double failed,
      double bytes,
      double publishSeconds,
      long publishCount) {}

  /**
   * The cluster's health. Absent values are null.
   *
   * @param observedAt when the monitor observed it (ISO-8601)
   * @param refreshSeconds how long that refresh took
   * @param brokersOnline ids of the brokers online
   * @param brokersExpected ids of the brokers the cluster should have
   * @param quorumLeader the controller quorum's leader, null when it has none or is unknown
   * @param voters the quorum's voters and how many records each is behind
   * @param partitions partitions on the cluster
   * @param underReplicated partitions with fewer in-sync replicas than replicas
   * @param offline partitions without a leader
   * @param underMinIsr partitions with fewer in-sync replicas than min.insync.replicas
   * @param unhealthyTopics the topics with any such partition
   * @param logDirs every broker's log dirs
   * @param failedParts what the last refresh could not observe
   * @param lastError the last refresh's error, null when it observed everything
   */
  public record ClusterStatus(
      String observedAt,
      double refreshSeconds,
      List<Integer> brokersOnline,
      List<Integer> brokersExpected,
      Integer quorumLeader,
      List<QuorumReplica> voters,
      int partitions,
      int underReplicated,
      int offline,
      int underMinIsr,
      List<TopicStatus> unhealthyTopics,
      List<LogDir> logDirs,
      List<String> failedParts,
      String lastError) {}

  /** A controller quorum voter: its node id and records behind (null: unknown). */
  public record QuorumReplica(int id, Long lag) {}

  /** A topic's partition health. */
  public record TopicStatus(
      String topic, int partitions, int underReplicated, int offline, int underMinIsr) {}

  /** A broker's log dir: its replicas' bytes, and the volume's size and free bytes if known. */
  public record LogDir(
      int broker, String path, long sizeBytes, Long totalBytes, Long usableBytes, String error) {}

  /**
   * A consumer group's lag.
   *
   * @param group the group id
   * @param state its state, as Kafka names it
   * @param members live members, null when unknown
   * @param lag records not consumed, all partitions together
   * @param maxTimeLagSeconds the age of its oldest unconsumed record, null when unknown
   * @param partitions per partition
   */
  public record GroupStatus(
      String group,
      String state,
      Integer members,
      long lag,
      Double maxTimeLagSeconds,
      List<GroupPartition> partitions) {}

  /** A group's position on one partition; {@code timeLagSeconds} null when unknown. */
  public record GroupPartition(
      String topic, int partition, long committed, long end, long lag, Double timeLagSeconds) {}
}
