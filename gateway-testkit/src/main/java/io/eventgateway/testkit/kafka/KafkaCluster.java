package io.eventgateway.testkit.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka cluster on 127.0.0.1 for fault tests: N (default 3) combined broker and controller
 * KRaft nodes, each a {@link ClusterNodeMain} in its own JVM, with a static quorum of all of them,
 * and the faults a test injects into them: {@link #kill9 SIGKILL}, {@link #terminate SIGTERM},
 * {@link #pause SIGSTOP}, {@link #resume SIGCONT} and {@link #restart restart} on the same ports
 * and data.
 *
 * <pre>{@code
 * try (KafkaCluster cluster = KafkaCluster.start(directory)) {
 *   int leader = cluster.leaderOf(topic, 0).orElseThrow();
 *   cluster.kill9(leader);
 *   ...
 *   cluster.restart(leader);
 *   cluster.awaitInSync(topic, Duration.ofSeconds(60));
 * }
 * }</pre>
 *
 * <p>Layout: node {@code n} keeps its Kafka data in {@code <base>/node-<n>/data} and its output in
 * {@code <base>/node-<n>/node.log}, which is where to look when a node misbehaves; a node that
 * fails to start is reported with the last lines of that log. Each node runs with a heap of at most
 * {@value #NODE_HEAP}.
 *
 * <p>Node processes never outlive the cluster: {@link #close()} kills them all (SIGKILL: the data
 * is throw-away), {@link io.eventgateway.testkit.process.JvmProcess}'s shutdown hook does the same
 * when the test JVM exits without closing, and a node whose launcher dies outright sees its
 * standard input end and stops by itself (unless it is paused at that moment).
 *
 * <p>{@link NodeLauncher} lays the nodes out, {@link ClusterView} reads the cluster's metadata and
 * waits for it; this class starts the nodes, injects the faults and closes.
 *
 * <p>Fault methods return once the fault is in place: {@link #kill9} and {@link #terminate} once
 * the process has exited, {@link #restart} once the node is back in the cluster (registered and
 * unfenced, as Admin's {@code describeCluster} shows). They do not wait for leaders to move or ISRs
 * to shrink; {@link #leaderOf} and {@link #awaitInSync} observe that.
 *
 * <p>Thread-safe: operations on nodes are serialised; the observing ones ({@link #leaderOf}, {@link
 * #awaitInSync}, ...) may run beside them.
 */
public final class KafkaCluster implements AutoCloseable {
  /** The maximum heap of each node's JVM. */
  public static final String NODE_HEAP = NodeLauncher.NODE_HEAP;

  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaCluster.class);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration MEMBERSHIP_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration TERMINATE_TIMEOUT = Duration.ofSeconds(60);
  private static final int MIN_NODES = 3;

  private final Map<Integer, ClusterNode> nodes;
  private final String bootstrapServers;
  private final ClusterView view;
  private volatile boolean closed;

  private KafkaCluster(Map<Integer, ClusterNode> nodes) {
    this.nodes = nodes;
    this.bootstrapServers =
        nodes.values().stream()
            .map(node -> node.settings().brokerAddress())
            .collect(Collectors.joining(","));
    this.view = new ClusterView(bootstrapServers);
  }

  /** Starts three nodes; see {@link #start(Path, int)}. */
  public static KafkaCluster start(Path baseDirectory) {
    return start(baseDirectory, MIN_NODES);
  }

  /**
   * Starts {@code nodeCount} nodes (ids 1 to {@code nodeCount}, all of them controller voters) on
   * free ports, with a new cluster id and their data under {@code baseDirectory}, and returns once
   * every broker is registered and unfenced.
   *
   * @param baseDirectory where the nodes' directories go; must not hold an earlier cluster's nodes
   * @param nodeCount 3 or more: the topics' replication factor is 3
   * @throws KafkaClusterException when a node fails to start or the cluster does not form, with the
   *     failing node's last log lines; every node started is killed before it is thrown
   */
  public static KafkaCluster start(Path baseDirectory, int nodeCount) {
    if (nodeCount < MIN_NODES) {
      throw new IllegalArgumentException(
          "a cluster needs at least "
              + MIN_NODES
              + " nodes (replication factor 3, min.insync.replicas 2), was "
              + nodeCount);
    }
    long started = System.nanoTime();
    Map<Integer, ClusterNode> nodes = NodeLauncher.layOut(baseDirectory, nodeCount);
    KafkaCluster cluster = new KafkaCluster(nodes);
    try {
      // All at once: a node's startup completes only once a majority of the voters runs.
      nodes.values().forEach(ClusterNode::start);
      for (ClusterNode node : nodes.values()) {
        node.awaitReady(START_TIMEOUT);
      }
      cluster.view.awaitBrokers(nodes.keySet(), MEMBERSHIP_TIMEOUT);
    } catch (RuntimeException failed) {
      cluster.close();
      throw failed;
    }
    LOGGER.info(
        "Kafka cluster {} of {} nodes ready in {} ms: {} (data and logs in {})",
        nodes.get(1).settings().clusterId(),
        nodeCount,
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        cluster.bootstrapServers,
        baseDirectory.toAbsolutePath());
    return cluster;
  }

  /** Every node's broker address, for clients' {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The node ids, 1 to N. */
  public List<Integer> nodeIds() {
    return List.copyOf(nodes.keySet());
  }

  /** The node's process id. */
  public synchronized long pid(int nodeId) {
    return node(nodeId).pid();
  }

  /** True while the node's process is alive, paused or not. */
  public synchronized boolean isRunning(int nodeId) {
    return node(nodeId).isRunning();
  }

  /** True while the node's process is alive and stopped by {@link #pause}. */
  public synchronized boolean isPaused(int nodeId) {
    return node(nodeId).isPaused();
  }

  /** The node's output: {@code <base>/node-<id>/node.log}. */
  public Path logFile(int nodeId) {
    return node(nodeId).logFile();
  }

  /**
   * Kills the node with SIGKILL, as a crash of its process would, and returns once it is gone. It
   * is not a power cut: what the node had written stays in the operating system's page cache, so a
   * restart finds it even though Kafka does not fsync each write. The controller fences the node
   * after {@code broker.session.timeout.ms} (4 s).
   */
  public synchronized void kill9(int nodeId) {
    ClusterNode node = node(nodeId);
    long pid = node.pid();
    node.kill9();
    LOGGER.info("node {} killed (SIGKILL, pid {})", nodeId, pid);
  }

  /**
   * Stops the node with SIGTERM (a controlled shutdown: it gives up its leaderships first) and
   * returns once its process has exited. A paused node is resumed first.
   *
   * @throws KafkaClusterException when it has not stopped within 60 s; it is then killed
   */
  public synchronized void terminate(int nodeId) {
    ClusterNode node = node(nodeId);
    long pid = node.pid();
    long started = System.nanoTime();
    node.terminate(TERMINATE_TIMEOUT);
    LOGGER.info(
        "node {} terminated (SIGTERM, pid {}) in {} ms",
        nodeId,
        pid,
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  /**
   * Stops the node's process with SIGSTOP: it keeps its sockets and its lock but answers nothing,
   * as in a long GC pause or a frozen VM. The controller fences it after 4 s; as a follower it
   * leaves the ISRs.
   */
  public synchronized void pause(int nodeId) {
    ClusterNode node = node(nodeId);
    node.pause();
    LOGGER.info("node {} paused (SIGSTOP, pid {})", nodeId, node.pid());
  }

  /** Lets a {@link #pause paused} node go on (SIGCONT). */
  public synchronized void resume(int nodeId) {
    ClusterNode node = node(nodeId);
    node.resume();
    LOGGER.info("node {} resumed (SIGCONT, pid {})", nodeId, node.pid());
  }

  /**
   * Starts a node that was killed or terminated again, on the same ports and with the same data,
   * and returns once it is back in the cluster: registered and unfenced. Its replicas may still be
   * catching up; {@link #awaitInSync} waits for them.
   *
   * @throws IllegalStateException when the node is running
   * @throws KafkaClusterException when its process does not print its ready line within 3 minutes
   *     or the cluster does not list it 2 minutes later, with its last log lines; it is then killed
   */
  public synchronized void restart(int nodeId) {
    ClusterNode node = node(nodeId);
    long started = System.nanoTime();
    node.start();
    try {
      node.awaitReady(START_TIMEOUT);
      view.awaitBrokers(Set.of(nodeId), MEMBERSHIP_TIMEOUT);
    } catch (RuntimeException failed) {
      node.killNow();
      node.awaitExit(Duration.ofSeconds(30));
      throw failed;
    }
    LOGGER.info(
        "node {} restarted (pid {}) in {} ms",
        nodeId,
        node.pid(),
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  /**
   * The id of the partition's leader as the cluster's metadata has it now; empty while it has none
   * (all in-sync replicas are down). Right after a fault the old leader may still be named until
   * the controller fences it.
   *
   * @throws KafkaClusterException when the topic or partition does not exist or the metadata cannot
   *     be read within 20 s
   */
  public OptionalInt leaderOf(String topic, int partition) {
    return view.leaderOf(topic, partition);
  }

  /**
   * The ids of the partition's in-sync replicas as the cluster's metadata has them now.
   *
   * @throws KafkaClusterException as {@link #leaderOf} does
   */
  public Set<Integer> inSyncReplicas(String topic, int partition) {
    return view.inSyncReplicas(topic, partition);
  }

  /**
   * The ids of the partition's replicas.
   *
   * @throws KafkaClusterException as {@link #leaderOf} does
   */
  public Set<Integer> replicas(String topic, int partition) {
    return view.replicas(topic, partition);
  }

  /**
   * Waits until every partition of {@code topic} has all its replicas in sync, as after every node
   * that held one is back and has caught up.
   *
   * @throws KafkaClusterException when they are not within {@code timeout}; the message lists the
   *     partitions that were not
   */
  public void awaitInSync(String topic, Duration timeout) {
    view.awaitInSync(topic, Integer.MAX_VALUE, timeout);
  }

  /**
   * Waits until every partition of {@code topic} has at least {@code minIsrSize} in-sync replicas
   * (or all of its replicas, when it has fewer).
   *
   * @throws KafkaClusterException when they do not within {@code timeout}; the message lists the
   *     partitions that did not
   */
  public void awaitInSync(String topic, int minIsrSize, Duration timeout) {
    if (minIsrSize < 1) {
      throw new IllegalArgumentException("minIsrSize must be 1 or more, was " + minIsrSize);
    }
    view.awaitInSync(topic, minIsrSize, timeout);
  }

  /**
   * Kills every node (SIGKILL: a cluster is thrown away, not shut down) and waits until their
   * processes are gone. Idempotent; the data stays in the base directory.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    view.close();
    nodes.values().forEach(ClusterNode::killNow);
    for (ClusterNode node : nodes.values()) {
      if (!node.awaitExit(Duration.ofSeconds(30))) {
        LOGGER.warn("node {} still runs 30 s after SIGKILL", node.id());
      }
    }
    LOGGER.info("Kafka cluster {} closed", bootstrapServers);
  }

  private ClusterNode node(int nodeId) {
    if (closed) {
      throw new IllegalStateException("the cluster is closed");
    }
    ClusterNode node = nodes.get(nodeId);
    if (node == null) {
      throw new IllegalArgumentException(
          "no node " + nodeId + " in this cluster; its nodes are " + nodes.keySet());
    }
    return node;
  }
}
