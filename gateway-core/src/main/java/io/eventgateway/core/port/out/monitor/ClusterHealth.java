package io.eventgateway.core.port.out.monitor;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The health of the log cluster: which brokers are up, the controller quorum, the partitions of
 * every topic (internal ones included) and the brokers' log directories.
 *
 * @param brokersOnline the ids of the brokers registered and not fenced: the ones serving
 * @param brokersExpected the ids of the brokers that should be: those online, those registered but
 *     fenced, those named in any partition's replicas, and the quorum's voters that have been seen
 *     as brokers; a broker that died is still expected
 * @param quorum the controller quorum, when the cluster has one (KRaft) and it could be described
 * @param topics every topic's partition health, by name
 * @param logDirs every log directory of the brokers online, by broker and path
 */
public record ClusterHealth(
    Set<Integer> brokersOnline,
    Set<Integer> brokersExpected,
    Optional<ControllerQuorum> quorum,
    List<TopicHealth> topics,
    List<LogDirUsage> logDirs) {
  public ClusterHealth {
    brokersOnline = sorted(brokersOnline);
    brokersExpected = sorted(brokersExpected);
    Objects.requireNonNull(quorum, "quorum");
    if (!brokersExpected.containsAll(brokersOnline)) {
      throw new IllegalArgumentException(
          "brokersExpected "
              + brokersExpected
              + " must include every broker online "
              + brokersOnline);
    }
    topics = topics.stream().sorted(Comparator.comparing(TopicHealth::topic)).toList();
    logDirs =
        logDirs.stream()
            .sorted(Comparator.comparingInt(LogDirUsage::brokerId).thenComparing(LogDirUsage::path))
            .toList();
  }

  /** Nothing observed: no brokers, no quorum, no topics, no log directories. */
  public static ClusterHealth unknown() {
    return new ClusterHealth(Set.of(), Set.of(), Optional.empty(), List.of(), List.of());
  }

  /** The brokers expected but not online: dead, fenced, or shut down. */
  public Set<Integer> brokersOffline() {
    SortedSet<Integer> offline = new TreeSet<>(brokersExpected);
    offline.removeAll(brokersOnline);
    return Collections.unmodifiableSortedSet(offline);
  }

  /** The partitions of all topics. */
  public int partitions() {
    return topics.stream().mapToInt(TopicHealth::partitions).sum();
  }

  /** The partitions, over all topics, with fewer in-sync replicas than replicas. */
  public int underReplicatedPartitions() {
    return topics.stream().mapToInt(TopicHealth::underReplicated).sum();
  }

  /** The partitions, over all topics, without a leader: nobody can read or write them. */
  public int offlinePartitions() {
    return topics.stream().mapToInt(TopicHealth::offline).sum();
  }

  /**
   * The partitions, over all topics, with fewer in-sync replicas than their topic's {@code
   * min.insync.replicas}: writes that need every in-sync replica ({@code acks=all}) fail there.
   */
  public int underMinIsrPartitions() {
    return topics.stream().mapToInt(TopicHealth::underMinIsr).sum();
  }

  /** The topic with this name, if the cluster has it. */
  public Optional<TopicHealth> topic(String name) {
    return topics.stream().filter(topic -> topic.topic().equals(name)).findFirst();
  }

  private static Set<Integer> sorted(Set<Integer> ids) {
    return Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(ids)));
  }
}
