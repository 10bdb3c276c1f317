package io.eventgateway.kafka.monitor;

import io.eventgateway.core.port.out.monitor.ClusterHealth;
import io.eventgateway.core.port.out.monitor.ClusterObservation;
import io.eventgateway.core.port.out.monitor.ClusterObservation.Part;
import io.eventgateway.core.port.out.monitor.ControllerQuorum;
import io.eventgateway.kafka.monitor.TimeLagReader.PartitionOffset;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeLogDirsOptions;
import org.apache.kafka.clients.admin.DescribeMetadataQuorumOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListGroupsResult;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests of a refresh, in four phases, each sending its batched admin requests at once and
 * then waiting for them:
 *
 * <ol>
 *   <li>describe cluster, describe metadata quorum, list topics, list groups (one per broker);
 *   <li>describe topics, describe log dirs (one per broker online), list group offsets and describe
 *       groups (one per group coordinator, all its groups in each);
 *   <li>describe configs (topics new since the last refresh, all of them every {@value
 *       MinIsrCache#MAX_AGE_MINUTES} minutes) and list offsets (one per partition leader, for the
 *       topics groups have committed on);
 *   <li>read the time lags: the first record at each lagging (partition, committed offset), at most
 *       {@link KafkaClusterMonitorSettings#maxTimeLagLookups} of them, the largest lags first.
 * </ol>
 *
 * <p>So a refresh costs a fixed handful of requests whatever the number of topics and groups. It
 * remembers across refreshes the brokers it has seen and the topics' {@code min.insync.replicas}.
 * Not thread-safe: one refresh at a time.
 */
final class ClusterRefresh {
  // under the monitor's name, the one operators configure
  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaClusterMonitor.class);

  private final Admin admin;
  private final TimeLagReader timeLags;
  private final int maxTimeLagLookups;

  private final MinIsrCache minIsr;
  private final Set<Integer> brokersSeen = new HashSet<>();
  private boolean overBudget;

  /** Refreshes with these clients, which stay the caller's to close. */
  ClusterRefresh(Admin admin, TimeLagReader timeLags, int maxTimeLagLookups) {
    this.admin = admin;
    this.timeLags = timeLags;
    this.maxTimeLagLookups = maxTimeLagLookups;
    this.minIsr = new MinIsrCache(admin);
  }

  /**
   * Observes the cluster within the attempt's deadline, recording the failed parts in it; empty
   * when none of the first phase's requests was answered.
   */
  Optional<ClusterObservation> observe(Attempt attempt) {
    Basics basics = basics(attempt);
    if (basics.answeredNothing()) {
      return Optional.empty();
    }
    brokersSeen.addAll(basics.registered());
    Details details = details(attempt, basics);
    Map<TopicPartition, Long> ends = configsAndEnds(attempt, basics, details);
    Map<PartitionOffset, Duration> timeLagsFound = readTimeLags(attempt, details.committed(), ends);

    Optional<ControllerQuorum> quorum = basics.quorum().map(ObservationAssembler::quorum);
    Collection<TopicDescription> topics = details.topics().values();
    ClusterHealth health =
        new ClusterHealth(
            basics.online(),
            ObservationAssembler.expectedBrokers(
                basics.registered(), basics.online(), topics, quorum, brokersSeen),
            quorum,
            topics.stream()
                .map(topic -> ObservationAssembler.topicHealth(topic, minIsr.of(topic.name())))
                .toList(),
            ObservationAssembler.logDirUsage(details.logDirs()));
    return Optional.of(
        new ClusterObservation(
            attempt.observedAt(),
            attempt.elapsed(),
            health,
            ObservationAssembler.endOffsets(ends),
            ObservationAssembler.groupLags(
                basics.groups().orElse(List.of()),
                details.described(),
                details.committed(),
                ends,
                timeLagsFound),
            attempt.failures()));
  }

  /** 1. Describes the cluster and its quorum, lists the topics and the groups. */
  private Basics basics(Attempt attempt) {
    KafkaFuture<Collection<Node>> nodesFuture = describeCluster(attempt, true);
    KafkaFuture<QuorumInfo> quorumFuture =
        admin
            .describeMetadataQuorum(
                new DescribeMetadataQuorumOptions().timeoutMs(attempt.remainingMillis()))
            .quorumInfo();
    KafkaFuture<Set<String>> namesFuture =
        admin
            .listTopics(
                new ListTopicsOptions().listInternal(true).timeoutMs(attempt.remainingMillis()))
            .names();
    ListGroupsResult groupsResult =
        admin.listGroups(
            ListGroupsOptions.forConsumerGroups().timeoutMs(attempt.remainingMillis()));
    return new Basics(
        brokers(attempt, nodesFuture),
        attempt.await(Part.QUORUM, quorumFuture, "describing the metadata quorum"),
        attempt.await(Part.TOPICS, namesFuture, "listing topics"),
        listGroups(attempt, groupsResult));
  }

  /** 2. Describes the topics and the log dirs, lists the groups' offsets and describes them. */
  private Details details(Attempt attempt, Basics basics) {
    Optional<Set<String>> names = basics.names();
    Map<String, KafkaFuture<TopicDescription>> topicFutures =
        names.isEmpty() || names.get().isEmpty()
            ? Map.of()
            : admin
                .describeTopics(
                    names.get(), new DescribeTopicsOptions().timeoutMs(attempt.remainingMillis()))
                .topicNameValues();
    Set<Integer> online = basics.online();
    Map<Integer, KafkaFuture<Map<String, LogDirDescription>>> logDirFutures =
        online.isEmpty()
            ? Map.of()
            : admin
                .describeLogDirs(
                    online, new DescribeLogDirsOptions().timeoutMs(attempt.remainingMillis()))
                .descriptions();
    List<String> groupIds =
        basics.groups().orElse(List.of()).stream().map(GroupListing::groupId).distinct().toList();
    Map<String, KafkaFuture<Map<TopicPartition, OffsetAndMetadata>>> offsetFutures =
        new HashMap<>();
    Map<String, KafkaFuture<ConsumerGroupDescription>> describeFutures = Map.of();
    if (!groupIds.isEmpty()) {
      Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
      groupIds.forEach(id -> specs.put(id, new ListConsumerGroupOffsetsSpec()));
      ListConsumerGroupOffsetsResult offsetsResult =
          admin.listConsumerGroupOffsets(
              specs, new ListConsumerGroupOffsetsOptions().timeoutMs(attempt.remainingMillis()));
      groupIds.forEach(
          id -> offsetFutures.put(id, offsetsResult.partitionsToOffsetAndMetadata(id)));
      describeFutures =
          admin
              .describeConsumerGroups(
                  groupIds,
                  new DescribeConsumerGroupsOptions().timeoutMs(attempt.remainingMillis()))
              .describedGroups();
    }
    return new Details(
        attempt.awaitEach(
            Part.TOPICS,
            topicFutures,
            "describing topics",
            UnknownTopicOrPartitionException.class::isInstance),
        attempt.awaitEach(Part.LOG_DIRS, logDirFutures, "describing log dirs", failure -> false),
        attempt.awaitEach(
            Part.GROUP_OFFSETS,
            offsetFutures,
            "listing committed offsets",
            GroupIdNotFoundException.class::isInstance),
        attempt.awaitEach(
            Part.GROUP_MEMBERS,
            describeFutures,
            "describing groups",
            GroupIdNotFoundException.class::isInstance));
  }

  /**
   * 3. Reads the min ISR of new topics (of all of them now and then) and lists the end offsets of
   * the partitions groups have committed on; returns the end offsets.
   */
  private Map<TopicPartition, Long> configsAndEnds(
      Attempt attempt, Basics basics, Details details) {
    Map<ConfigResource, KafkaFuture<Config>> configFutures =
        minIsr.request(attempt, details.topics());
    Map<TopicPartition, KafkaFuture<ListOffsetsResultInfo>> endFutures =
        listEndOffsets(
            attempt,
            ObservationAssembler.endOffsetQuery(
                details.committed(), details.topics(), basics.names()));
    minIsr.update(attempt, configFutures, basics.names());
    Map<TopicPartition, Long> ends = new HashMap<>();
    attempt
        .awaitEach(
            Part.END_OFFSETS,
            endFutures,
            "listing end offsets",
            UnknownTopicOrPartitionException.class::isInstance)
        .forEach((partition, info) -> ends.put(partition, info.offset()));
    return ends;
  }

  private KafkaFuture<Collection<Node>> describeCluster(Attempt attempt, boolean withFenced) {
    return admin
        .describeCluster(
            new DescribeClusterOptions()
                .includeFencedBrokers(withFenced)
                .timeoutMs(attempt.remainingMillis()))
        .nodes();
  }

  /** The registered brokers, fenced ones too when the cluster can say (Kafka 4.0 and later). */
  private Optional<Collection<Node>> brokers(
      Attempt attempt, KafkaFuture<Collection<Node>> withFenced) {
    try {
      withFenced.get(attempt.remainingMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof UnsupportedVersionException) {
        return attempt.await(
            Part.BROKERS, describeCluster(attempt, false), "describing the cluster");
      }
    } catch (java.util.concurrent.TimeoutException late) {
      // reported by await below
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    return attempt.await(Part.BROKERS, withFenced, "describing the cluster");
  }

  /**
   * The groups of the brokers that listed theirs; empty (failed) when none did. Each broker lists
   * the groups it coordinates, so a broker that could not answer hides only its own.
   */
  private static Optional<Collection<GroupListing>> listGroups(
      Attempt attempt, ListGroupsResult result) {
    Optional<Collection<GroupListing>> valid =
        attempt.await(Part.GROUPS, result.valid(), "listing groups");
    Optional<Collection<Throwable>> errors =
        attempt.await(Part.GROUPS, result.errors(), "listing groups");
    if (errors.isEmpty() || errors.get().isEmpty()) {
      return valid;
    }
    Throwable first = errors.get().iterator().next();
    attempt.fail(
        Part.GROUPS,
        errors.get().size()
            + " broker(s) could not list their groups, the first: "
            + first.getClass().getSimpleName()
            + ": "
            + first.getMessage());
    return valid.filter(listed -> !listed.isEmpty());
  }

  private Map<TopicPartition, KafkaFuture<ListOffsetsResultInfo>> listEndOffsets(
      Attempt attempt, Set<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, OffsetSpec> query = new HashMap<>();
    partitions.forEach(partition -> query.put(partition, OffsetSpec.latest()));
    ListOffsetsResult result =
        admin.listOffsets(query, new ListOffsetsOptions().timeoutMs(attempt.remainingMillis()));
    Map<TopicPartition, KafkaFuture<ListOffsetsResultInfo>> futures = new HashMap<>();
    partitions.forEach(partition -> futures.put(partition, result.partitionResult(partition)));
    return futures;
  }

  /**
   * 4. The time lag of each distinct (partition, committed offset) behind its end, the largest lags
   * first, as many as the budget allows; going over the budget is logged once until it is under.
   */
  private Map<PartitionOffset, Duration> readTimeLags(
      Attempt attempt,
      Map<String, Map<TopicPartition, OffsetAndMetadata>> committed,
      Map<TopicPartition, Long> ends) {
    List<PartitionOffset> lagging = ObservationAssembler.laggingOffsets(committed, ends);
    List<PartitionOffset> wanted = lagging.subList(0, Math.min(lagging.size(), maxTimeLagLookups));
    if (wanted.size() < lagging.size() != overBudget) {
      overBudget = !overBudget;
      if (overBudget) {
        LOGGER.warn(
            "cluster monitor: {} partition offsets lag, over the budget of {} reads per refresh;"
                + " the smallest lags get no time lag (logged once until it is under again)",
            lagging.size(),
            maxTimeLagLookups);
      }
    }
    if (wanted.isEmpty()) {
      return Map.of();
    }
    TimeLagReader.Result result =
        timeLags.read(wanted, ends, attempt.observedAt(), attempt.deadline());
    result.problem().ifPresent(problem -> attempt.fail(Part.TIME_LAG, problem));
    return result.timeLags();
  }

  /** Phase 1's answers, what everything else starts from; empty where a part failed. */
  private record Basics(
      Optional<Collection<Node>> nodes,
      Optional<QuorumInfo> quorum,
      Optional<Set<String>> names,
      Optional<Collection<GroupListing>> groups) {
    boolean answeredNothing() {
      return nodes.isEmpty() && quorum.isEmpty() && names.isEmpty() && groups.isEmpty();
    }

    /** The brokers registered, fenced or not. */
    Set<Integer> registered() {
      Set<Integer> registered = new TreeSet<>();
      nodes.orElse(List.of()).forEach(node -> registered.add(node.id()));
      return registered;
    }

    /** The brokers registered and not fenced. */
    Set<Integer> online() {
      Set<Integer> online = new TreeSet<>();
      nodes.orElse(List.of()).stream()
          .filter(node -> !node.isFenced())
          .forEach(node -> online.add(node.id()));
      return online;
    }
  }

  /** Phase 2's answers; a failed part or key is missing. */
  private record Details(
      Map<String, TopicDescription> topics,
      Map<Integer, Map<String, LogDirDescription>> logDirs,
      Map<String, Map<TopicPartition, OffsetAndMetadata>> committed,
      Map<String, ConsumerGroupDescription> described) {}
}
