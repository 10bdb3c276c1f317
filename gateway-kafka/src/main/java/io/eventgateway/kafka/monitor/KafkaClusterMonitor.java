package io.eventgateway.kafka.monitor;

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
import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.kafka.monitor.TimeLagReader.PartitionOffset;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
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
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ClusterMonitor} port on Kafka: observes the whole cluster (brokers, controller quorum,
 * every topic's partitions, log directories) and the lag of every consumer group on it, classic and
 * consumer protocol, in records and in time.
 *
 * <p><b>Cost.</b> One refresh sends a fixed handful of batched admin requests whatever the number
 * of topics and groups: describe cluster, describe metadata quorum, list topics, describe topics,
 * describe configs (only for topics new since the last refresh, and for all every {@value
 * #CONFIGS_MAX_AGE_MINUTES} minutes), describe log dirs (one per broker online), list groups (one
 * per broker), list group offsets and describe groups (one per group coordinator, all groups in
 * each), list offsets (one per partition leader). Then, for time lags, one consumer reads the first
 * record at each distinct (partition, committed offset) of a lagging group, at most {@link
 * KafkaClusterMonitorSettings#maxTimeLagLookups} of them, the largest lags first. End offsets are
 * listed for the partitions of the topics that groups have committed on, not for every topic.
 * Topics whose name starts with {@code __} count in partition health and not in lag.
 *
 * <p><b>Failures.</b> Each part of a refresh may fail alone (not authorised, not supported, timed
 * out): the others are kept, the observation lists the failed parts, {@link #lastError} says what
 * went wrong, and a part's failure is logged once at WARN when it starts and once at INFO when it
 * ends, not at every refresh. A refresh that observes nothing keeps the previous observation. No
 * refresh takes longer than the settings' timeout, all requests and reads together.
 *
 * <p><b>Threading.</b> One daemon thread refreshes every interval after {@link #start}; {@link
 * #refreshNow} refreshes on the caller's thread. Refreshes never overlap: one waits for the other.
 * {@link #latest} and {@link #lastError} never block. Thread-safe.
 *
 * <p><b>Client settings.</b> The connection's client properties reach both clients unchanged,
 * except that the monitor sets the admin client's {@code client.id}, {@code request.timeout.ms} and
 * {@code default.api.timeout.ms}, and the consumer's {@code client.id}, deserializers, fetch sizes
 * and offset reset, and removes its {@code group.id}.
 */
public final class KafkaClusterMonitor implements ClusterMonitor, AutoCloseable {
  /** How old the topics' {@code min.insync.replicas} may get before they are read again. */
  static final int CONFIGS_MAX_AGE_MINUTES = 5;

  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaClusterMonitor.class);
  private static final String INTERNAL_PREFIX = "__";
  private static final String UNKNOWN = "UNKNOWN";

  private final KafkaClusterMonitorSettings settings;
  private final String bootstrapServers;
  private final Admin admin;
  private final TimeLagReader timeLags;
  private final ScheduledExecutorService scheduler;
  private final ReentrantLock refreshing = new ReentrantLock();

  // guarded by refreshing
  private final Set<Integer> brokersSeen = new HashSet<>();
  private final Map<String, Integer> minIsrByTopic = new HashMap<>();
  private long configsReadAt = Long.MIN_VALUE;
  private final Map<Part, String> failing = new EnumMap<>(Part.class);
  private boolean overBudget;

  private volatile ClusterObservation latest;
  private volatile RefreshError lastError;
  private volatile boolean closed;

  /**
   * Creates the admin client and the time-lag reader from the settings' connection; they connect
   * lazily. Nothing is observed until {@link #start} or {@link #refreshNow}.
   */
  public KafkaClusterMonitor(KafkaClusterMonitorSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    KafkaConnection connection = settings.connection();
    this.bootstrapServers = connection.bootstrapServers();
    Map<String, Object> config = connection.clientConfig();
    String millis = Long.toString(settings.timeout().toMillis());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "esg-cluster-monitor");
    this.admin = Admin.create(config);
    this.timeLags = new TimeLagReader(connection.clientConfig());
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "esg-cluster-monitor");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts refreshing: now, then every interval after the end of the previous refresh. */
  public KafkaClusterMonitor start() {
    // refreshScheduled() catches everything, so the schedule never ends by an exception
    ScheduledFuture<?> unused =
        scheduler.scheduleWithFixedDelay(
            this::refreshScheduled, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * Refreshes now on the caller's thread, after any refresh in progress, and returns what it
   * observed: empty when it observed nothing (then {@link #lastError} says why). Takes at most the
   * timeout (plus the wait for a refresh in progress).
   *
   * @throws IllegalStateException when the monitor is closed
   */
  public Optional<ClusterObservation> refreshNow() {
    refreshing.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the cluster monitor is closed");
      }
      return refresh();
    } finally {
      refreshing.unlock();
    }
  }

  @Override
  public Optional<ClusterObservation> latest() {
    return Optional.ofNullable(latest);
  }

  @Override
  public Optional<RefreshError> lastError() {
    return Optional.ofNullable(lastError);
  }

  /**
   * Stops refreshing, ends a refresh in progress soon, and closes the clients, waiting at most the
   * timeout for each. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    timeLags.wakeup();
    refreshing.lock();
    try {
      timeLags.close();
      admin.close(settings.timeout());
    } finally {
      refreshing.unlock();
    }
  }

  private void refreshScheduled() {
    if (!refreshing.tryLock()) {
      return; // a refreshNow() is on it
    }
    try {
      if (!closed) {
        refresh();
      }
    } catch (RuntimeException unexpected) {
      LOGGER.error("a refresh of the cluster monitor failed unexpectedly", unexpected);
    } finally {
      refreshing.unlock();
    }
  }

  /** One refresh; the caller holds {@link #refreshing}. */
  private Optional<ClusterObservation> refresh() {
    Instant observedAt = Instant.now();
    long started = System.nanoTime();
    Attempt attempt = new Attempt(bootstrapServers, settings.timeout());

    // 1. what everything else starts from, all at once
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

    Optional<Collection<Node>> nodes = brokers(attempt, nodesFuture);
    Optional<QuorumInfo> quorum =
        attempt.await(Part.QUORUM, quorumFuture, "describing the metadata quorum");
    Optional<Set<String>> names = attempt.await(Part.TOPICS, namesFuture, "listing topics");
    Optional<Collection<GroupListing>> groups = listGroups(attempt, groupsResult);
    if (nodes.isEmpty() && quorum.isEmpty() && names.isEmpty() && groups.isEmpty()) {
      return finish(attempt, observedAt, Optional.empty());
    }

    // 2. topics, log dirs, group offsets and members, all at once
    Set<Integer> online = new TreeSet<>();
    Set<Integer> registered = new TreeSet<>();
    nodes
        .orElse(List.of())
        .forEach(
            node -> {
              registered.add(node.id());
              if (!node.isFenced()) {
                online.add(node.id());
              }
            });
    brokersSeen.addAll(registered);
    Map<String, KafkaFuture<TopicDescription>> topicFutures =
        names.isEmpty() || names.get().isEmpty()
            ? Map.of()
            : admin
                .describeTopics(
                    names.get(), new DescribeTopicsOptions().timeoutMs(attempt.remainingMillis()))
                .topicNameValues();
    Map<Integer, KafkaFuture<Map<String, LogDirDescription>>> logDirFutures =
        online.isEmpty()
            ? Map.of()
            : admin
                .describeLogDirs(
                    online, new DescribeLogDirsOptions().timeoutMs(attempt.remainingMillis()))
                .descriptions();
    List<String> groupIds =
        groups.orElse(List.of()).stream().map(GroupListing::groupId).distinct().toList();
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
    Map<String, TopicDescription> topics =
        attempt.awaitEach(
            Part.TOPICS,
            topicFutures,
            "describing topics",
            UnknownTopicOrPartitionException.class::isInstance);
    Map<Integer, Map<String, LogDirDescription>> logDirs =
        attempt.awaitEach(Part.LOG_DIRS, logDirFutures, "describing log dirs", failure -> false);
    Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
        attempt.awaitEach(
            Part.GROUP_OFFSETS,
            offsetFutures,
            "listing committed offsets",
            GroupIdNotFoundException.class::isInstance);
    Map<String, ConsumerGroupDescription> described =
        attempt.awaitEach(
            Part.GROUP_MEMBERS,
            describeFutures,
            "describing groups",
            GroupIdNotFoundException.class::isInstance);

    // 3. min ISR of new topics (all of them now and then), and end offsets, at once
    Map<ConfigResource, KafkaFuture<Config>> configFutures = describeConfigs(attempt, topics);
    Map<TopicPartition, KafkaFuture<ListOffsetsResultInfo>> endFutures =
        listEndOffsets(attempt, committed, topics, names);
    Map<ConfigResource, Config> configs =
        attempt.awaitEach(
            Part.TOPIC_CONFIGS,
            configFutures,
            "describing topic configs",
            UnknownTopicOrPartitionException.class::isInstance);
    configs.forEach(
        (resource, config) -> {
          ConfigEntry entry = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
          if (entry != null && entry.value() != null) {
            try {
              minIsrByTopic.put(resource.name(), Integer.parseInt(entry.value()));
            } catch (NumberFormatException notANumber) {
              attempt.fail(
                  Part.TOPIC_CONFIGS,
                  "topic " + resource.name() + " has min.insync.replicas=" + entry.value());
            }
          }
        });
    if (names.isPresent()) {
      minIsrByTopic.keySet().retainAll(names.get());
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    attempt
        .awaitEach(
            Part.END_OFFSETS,
            endFutures,
            "listing end offsets",
            UnknownTopicOrPartitionException.class::isInstance)
        .forEach((partition, info) -> ends.put(partition, info.offset()));

    // 4. time lags
    Map<PartitionOffset, Duration> timeLagsFound =
        readTimeLags(attempt, committed, ends, observedAt);

    Optional<ControllerQuorum> controllerQuorum = quorum.map(KafkaClusterMonitor::quorum);
    Set<Integer> expected = new TreeSet<>(registered);
    expected.addAll(online);
    topics.values().stream()
        .flatMap(topic -> topic.partitions().stream())
        .flatMap(partition -> partition.replicas().stream())
        .forEach(replica -> expected.add(replica.id()));
    controllerQuorum.ifPresent(
        q ->
            q.voters().stream()
                .map(ControllerQuorum.Replica::replicaId)
                .filter(brokersSeen::contains)
                .forEach(expected::add));
    ClusterHealth health =
        new ClusterHealth(
            online,
            expected,
            controllerQuorum,
            topics.values().stream().map(this::topicHealth).toList(),
            logDirUsage(logDirs));
    List<PartitionEndOffset> endOffsets =
        ends.entrySet().stream()
            .map(
                end ->
                    new PartitionEndOffset(
                        end.getKey().topic(), end.getKey().partition(), end.getValue()))
            .toList();
    Map<String, GroupListing> listed = new TreeMap<>();
    groups.orElse(List.of()).forEach(group -> listed.putIfAbsent(group.groupId(), group));
    List<GroupLag> groupLags = new ArrayList<>();
    listed.forEach(
        (id, listing) ->
            groupLags.add(
                groupLag(listing, described.get(id), committed.get(id), ends, timeLagsFound)));
    ClusterObservation observation =
        new ClusterObservation(
            observedAt,
            Duration.ofNanos(System.nanoTime() - started),
            health,
            endOffsets,
            groupLags,
            attempt.failures());
    return finish(attempt, observedAt, Optional.of(observation));
  }

  /** Publishes the observation, if any, and the refresh's errors; logs changes of failing parts. */
  private Optional<ClusterObservation> finish(
      Attempt attempt, Instant observedAt, Optional<ClusterObservation> observation) {
    Map<Part, String> failures = attempt.failures();
    String started =
        failures.entrySet().stream()
            .filter(failure -> !failing.containsKey(failure.getKey()))
            .map(failure -> failure.getKey() + ": " + failure.getValue())
            .collect(Collectors.joining("; "));
    if (!started.isEmpty()) {
      LOGGER.warn(
          "cluster monitor: cannot observe parts of Kafka at {} (logged once until they recover): {}",
          bootstrapServers,
          started);
    }
    String recovered =
        failing.keySet().stream()
            .filter(part -> !failures.containsKey(part))
            .map(Part::name)
            .collect(Collectors.joining(", "));
    if (!recovered.isEmpty()) {
      LOGGER.info("cluster monitor: {} of Kafka at {} observed again", recovered, bootstrapServers);
    }
    failing.clear();
    failing.putAll(failures);
    observation.ifPresent(
        value -> {
          latest = value;
          LOGGER.debug(
              "cluster monitor: refreshed in {} ms, {} topics, {} groups, {} failed parts",
              value.duration().toMillis(),
              value.health().topics().size(),
              value.groups().size(),
              failures.size());
        });
    if (failures.isEmpty()) {
      lastError = null;
    } else {
      String message =
          failures.entrySet().stream()
              .map(failure -> failure.getKey() + ": " + failure.getValue())
              .collect(Collectors.joining("; "));
      lastError =
          new RefreshError(
              observedAt, observation.isPresent() ? message : "observed nothing: " + message);
    }
    return observation;
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

  private Map<ConfigResource, KafkaFuture<Config>> describeConfigs(
      Attempt attempt, Map<String, TopicDescription> topics) {
    boolean all =
        configsReadAt == Long.MIN_VALUE
            || System.nanoTime() - configsReadAt
                > TimeUnit.MINUTES.toNanos(CONFIGS_MAX_AGE_MINUTES);
    List<ConfigResource> resources =
        topics.keySet().stream()
            .filter(topic -> all || !minIsrByTopic.containsKey(topic))
            .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
            .toList();
    if (all) {
      configsReadAt = System.nanoTime();
    }
    if (resources.isEmpty()) {
      return Map.of();
    }
    return admin
        .describeConfigs(
            resources, new DescribeConfigsOptions().timeoutMs(attempt.remainingMillis()))
        .values();
  }

  /**
   * Lists the end offsets of every partition of each non-internal topic that a group has committed
   * on and that {@code topics} describes; when no topic could be described, of the committed
   * partitions of the topics in {@code names} (or of all, when they could not be listed either).
   * Topics known to be gone are not asked for: the admin client would retry them until the timeout.
   */
  private Map<TopicPartition, KafkaFuture<ListOffsetsResultInfo>> listEndOffsets(
      Attempt attempt,
      Map<String, Map<TopicPartition, OffsetAndMetadata>> committed,
      Map<String, TopicDescription> topics,
      Optional<Set<String>> names) {
    Map<TopicPartition, OffsetSpec> query = new HashMap<>();
    for (Map<TopicPartition, OffsetAndMetadata> offsets : committed.values()) {
      for (TopicPartition partition : offsets.keySet()) {
        String topic = partition.topic();
        if (topic.startsWith(INTERNAL_PREFIX)) {
          continue;
        }
        if (!topics.isEmpty()) {
          TopicDescription description = topics.get(topic);
          if (description != null) {
            for (TopicPartitionInfo info : description.partitions()) {
              query.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest());
            }
          }
        } else if (names.map(listed -> listed.contains(topic)).orElse(true)) {
          query.put(partition, OffsetSpec.latest());
        }
      }
    }
    if (query.isEmpty()) {
      return Map.of();
    }
    ListOffsetsResult result =
        admin.listOffsets(query, new ListOffsetsOptions().timeoutMs(attempt.remainingMillis()));
    Map<TopicPartition, KafkaFuture<ListOffsetsResultInfo>> futures = new HashMap<>();
    query.keySet().forEach(partition -> futures.put(partition, result.partitionResult(partition)));
    return futures;
  }

  /**
   * The time lag of each distinct (partition, committed offset) behind its end, the largest lags
   * first, as many as the budget allows.
   */
  private Map<PartitionOffset, Duration> readTimeLags(
      Attempt attempt,
      Map<String, Map<TopicPartition, OffsetAndMetadata>> committed,
      Map<TopicPartition, Long> ends,
      Instant observedAt) {
    Map<PartitionOffset, Long> lagging = new HashMap<>();
    committed.values().stream()
        .flatMap(offsets -> offsets.entrySet().stream())
        .filter(entry -> entry.getValue() != null && ends.containsKey(entry.getKey()))
        .forEach(
            entry -> {
              long lag = ends.get(entry.getKey()) - entry.getValue().offset();
              if (lag > 0) {
                lagging.put(new PartitionOffset(entry.getKey(), entry.getValue().offset()), lag);
              }
            });
    List<PartitionOffset> wanted =
        lagging.entrySet().stream()
            .sorted(
                Map.Entry.<PartitionOffset, Long>comparingByValue()
                    .reversed()
                    .thenComparing(entry -> entry.getKey().partition().topic())
                    .thenComparing(entry -> entry.getKey().partition().partition())
                    .thenComparing(entry -> entry.getKey().offset()))
            .limit(settings.maxTimeLagLookups())
            .map(Map.Entry::getKey)
            .toList();
    if (wanted.size() < lagging.size() != overBudget) {
      overBudget = !overBudget;
      if (overBudget) {
        LOGGER.warn(
            "cluster monitor: {} partition offsets lag, over the budget of {} reads per refresh;"
                + " the smallest lags get no time lag (logged once until it is under again)",
            lagging.size(),
            settings.maxTimeLagLookups());
      }
    }
    if (wanted.isEmpty()) {
      return Map.of();
    }
    TimeLagReader.Result result = timeLags.read(wanted, ends, observedAt, attempt.deadline());
    result.problem().ifPresent(problem -> attempt.fail(Part.TIME_LAG, problem));
    return result.timeLags();
  }

  private TopicHealth topicHealth(TopicDescription topic) {
    Integer minIsr = minIsrByTopic.get(topic.name());
    int underReplicated = 0;
    int offline = 0;
    int underMinIsr = 0;
    for (TopicPartitionInfo partition : topic.partitions()) {
      int isr = partition.isr().size();
      if (isr < partition.replicas().size()) {
        underReplicated++;
      }
      if (partition.leader() == null || partition.leader().isEmpty()) {
        offline++;
      }
      if (minIsr != null && isr < minIsr) {
        underMinIsr++;
      }
    }
    return new TopicHealth(
        topic.name(),
        topic.partitions().size(),
        minIsr == null ? OptionalInt.empty() : OptionalInt.of(minIsr),
        underReplicated,
        offline,
        underMinIsr);
  }

  private static List<LogDirUsage> logDirUsage(
      Map<Integer, Map<String, LogDirDescription>> logDirs) {
    List<LogDirUsage> usage = new ArrayList<>();
    logDirs.forEach(
        (broker, directories) ->
            directories.forEach(
                (path, directory) ->
                    usage.add(
                        new LogDirUsage(
                            broker,
                            path,
                            directory.replicaInfos().values().stream()
                                .mapToLong(ReplicaInfo::size)
                                .sum(),
                            directory.totalBytes(),
                            directory.usableBytes(),
                            Optional.ofNullable(directory.error())
                                .map(
                                    error ->
                                        error.getClass().getSimpleName()
                                            + ": "
                                            + error.getMessage())))));
    return usage;
  }

  private static ControllerQuorum quorum(QuorumInfo info) {
    long highWatermark = info.highWatermark();
    return new ControllerQuorum(
        info.leaderId() < 0 ? OptionalInt.empty() : OptionalInt.of(info.leaderId()),
        info.leaderEpoch(),
        highWatermark,
        info.voters().stream().map(replica -> replica(replica, highWatermark)).toList(),
        info.observers().stream().map(replica -> replica(replica, highWatermark)).toList());
  }

  private static ControllerQuorum.Replica replica(QuorumInfo.ReplicaState state, long hw) {
    return ControllerQuorum.Replica.of(
        state.replicaId(),
        state.logEndOffset() < 0 ? OptionalLong.empty() : OptionalLong.of(state.logEndOffset()),
        hw,
        instant(state.lastCaughtUpTimestamp()),
        instant(state.lastFetchTimestamp()));
  }

  private static Optional<Instant> instant(OptionalLong epochMillis) {
    return epochMillis.isPresent() && epochMillis.getAsLong() >= 0
        ? Optional.of(Instant.ofEpochMilli(epochMillis.getAsLong()))
        : Optional.empty();
  }

  private static GroupLag groupLag(
      GroupListing listing,
      ConsumerGroupDescription description,
      Map<TopicPartition, OffsetAndMetadata> committed,
      Map<TopicPartition, Long> ends,
      Map<PartitionOffset, Duration> timeLags) {
    String type = listing.type().map(Enum::name).orElse(UNKNOWN);
    String state =
        description != null && description.groupState() != null
            ? description.groupState().name()
            : listing.groupState().map(Enum::name).orElse(UNKNOWN);
    OptionalInt members =
        description == null ? OptionalInt.empty() : OptionalInt.of(description.members().size());
    List<GroupPartitionLag> partitions = new ArrayList<>();
    if (committed != null) {
      committed.entrySet().stream()
          .filter(entry -> entry.getValue() != null)
          .filter(entry -> !entry.getKey().topic().startsWith(INTERNAL_PREFIX))
          .filter(entry -> ends.containsKey(entry.getKey()))
          .sorted(
              Comparator.comparing(
                      (Map.Entry<TopicPartition, OffsetAndMetadata> e) -> e.getKey().topic())
                  .thenComparingInt(e -> e.getKey().partition()))
          .forEach(
              entry -> {
                TopicPartition partition = entry.getKey();
                long offset = entry.getValue().offset();
                partitions.add(
                    GroupPartitionLag.of(
                        partition.topic(),
                        partition.partition(),
                        offset,
                        ends.get(partition),
                        Optional.ofNullable(timeLags.get(new PartitionOffset(partition, offset)))));
              });
    }
    return new GroupLag(listing.groupId(), type, state, members, partitions);
  }
}
