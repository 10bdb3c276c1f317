package io.eventgateway.faults;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
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
 * is throw-away), a JVM shutdown hook does the same when the test JVM exits without closing, and a
 * node whose launcher dies outright sees its standard input end and stops by itself (unless it is
 * paused at that moment).
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
  public static final String NODE_HEAP = "384m";

  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaCluster.class);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration MEMBERSHIP_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration TERMINATE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
  private static final int MIN_NODES = 3;

  private final Map<Integer, ClusterNode> nodes;
  private final String bootstrapServers;
  private final Thread killOnExit;
  private final Object adminLock = new Object();
  private Admin admin;
  private volatile boolean closed;

  private KafkaCluster(Map<Integer, ClusterNode> nodes) {
    this.nodes = nodes;
    this.bootstrapServers =
        nodes.values().stream()
            .map(node -> node.settings().brokerAddress())
            .collect(Collectors.joining(","));
    this.killOnExit = new Thread(this::killAllNow, "kafka-cluster-kill-on-exit");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /** Starts three nodes; see {@link #start(Path, int)}. */
  public static KafkaCluster start(Path baseDirectory) {
    return start(baseDirectory, MIN_NODES);
  }

  /**
   * Starts {@code nodeCount} nodes (ids 1 to {@code nodeCount}, all of them controller voters) on
   * free ports, with a new cluster id and their data under {@code baseDirectory}, and returns once
   * every broker is registered and unfenced. Takes about 8 s on two cores, more when they are busy.
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
    Path base = baseDirectory.toAbsolutePath();
    int[] ports = freePorts(2 * nodeCount);
    String clusterId = Uuid.randomUuid().toString();
    List<String> voters = new ArrayList<>();
    for (int id = 1; id <= nodeCount; id++) {
      voters.add(id + "@" + ClusterNodeSettings.HOST + ":" + ports[2 * id - 1]);
    }
    List<String> javaCommand = javaCommand();
    Map<Integer, ClusterNode> nodes = new LinkedHashMap<>();
    for (int id = 1; id <= nodeCount; id++) {
      Path nodeDirectory = base.resolve("node-" + id);
      if (Files.exists(nodeDirectory)) {
        throw new IllegalArgumentException(
            nodeDirectory + " exists already; give each cluster a base directory of its own");
      }
      ClusterNodeSettings settings =
          new ClusterNodeSettings(
              id,
              clusterId,
              ports[2 * id - 2],
              ports[2 * id - 1],
              String.join(",", voters),
              nodeDirectory.resolve("data"));
      nodes.put(id, new ClusterNode(settings, nodeDirectory, javaCommand));
    }
    KafkaCluster cluster = new KafkaCluster(nodes);
    try {
      // All at once: a node's startup completes only once a majority of the voters runs.
      nodes.values().forEach(ClusterNode::start);
      for (ClusterNode node : nodes.values()) {
        node.awaitReady(START_TIMEOUT);
      }
      cluster.awaitBrokers(nodes.keySet(), MEMBERSHIP_TIMEOUT);
    } catch (RuntimeException failed) {
      cluster.close();
      throw failed;
    }
    LOGGER.info(
        "Kafka cluster {} of {} nodes ready in {} ms: {} (data and logs in {})",
        clusterId,
        nodeCount,
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        cluster.bootstrapServers,
        base);
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
      awaitBrokers(Set.of(nodeId), MEMBERSHIP_TIMEOUT);
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
    TopicPartitionInfo info = partitionInfo(describe(topic), topic, partition);
    Node leader = info.leader();
    return leader == null || leader.isEmpty() ? OptionalInt.empty() : OptionalInt.of(leader.id());
  }

  /**
   * The ids of the partition's in-sync replicas as the cluster's metadata has them now.
   *
   * @throws KafkaClusterException as {@link #leaderOf} does
   */
  public Set<Integer> inSyncReplicas(String topic, int partition) {
    return ids(partitionInfo(describe(topic), topic, partition).isr());
  }

  /**
   * The ids of the partition's replicas.
   *
   * @throws KafkaClusterException as {@link #leaderOf} does
   */
  public Set<Integer> replicas(String topic, int partition) {
    return ids(partitionInfo(describe(topic), topic, partition).replicas());
  }

  /**
   * Waits until every partition of {@code topic} has all its replicas in sync, as after every node
   * that held one is back and has caught up.
   *
   * @throws KafkaClusterException when they are not within {@code timeout}; the message lists the
   *     partitions that were not
   */
  public void awaitInSync(String topic, Duration timeout) {
    awaitIsr(topic, Integer.MAX_VALUE, timeout);
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
    awaitIsr(topic, minIsrSize, timeout);
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
    synchronized (adminLock) {
      if (admin != null) {
        admin.close(Duration.ofSeconds(5));
      }
    }
    killAllNow();
    for (ClusterNode node : nodes.values()) {
      if (!node.awaitExit(Duration.ofSeconds(30))) {
        LOGGER.warn("node {} still runs 30 s after SIGKILL", node.id());
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting: the hook runs (or ran) anyway and kills nothing that is still alive
    }
    LOGGER.info("Kafka cluster {} closed", bootstrapServers);
  }

  private void killAllNow() {
    nodes.values().forEach(ClusterNode::killNow);
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

  private void awaitIsr(String topic, int minIsrSize, Duration timeout) {
    String wanted =
        minIsrSize == Integer.MAX_VALUE
            ? "all replicas in sync"
            : "at least " + minIsrSize + " in-sync replicas";
    poll(
        "every partition of " + topic + " to have " + wanted,
        timeout,
        () -> {
          List<String> lagging = new ArrayList<>();
          for (TopicPartitionInfo partition : describe(topic).partitions()) {
            Set<Integer> isr = ids(partition.isr());
            Set<Integer> replicas = ids(partition.replicas());
            if (isr.size() < Math.min(minIsrSize, replicas.size())) {
              lagging.add(
                  "partition " + partition.partition() + ": ISR " + isr + " of " + replicas);
            }
          }
          return lagging.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", lagging));
        });
  }

  /** Waits until {@code describeCluster} lists every node of {@code expected}. */
  private void awaitBrokers(Set<Integer> expected, Duration timeout) {
    poll(
        "brokers " + expected + " to be registered and unfenced",
        timeout,
        () -> {
          Set<Integer> registered = new TreeSet<>();
          for (Node node : call(admin().describeCluster().nodes(), "describe the cluster")) {
            registered.add(node.id());
          }
          return registered.containsAll(expected)
              ? Optional.empty()
              : Optional.of("the cluster lists brokers " + registered);
        });
  }

  /**
   * Calls {@code check} every 200 ms until it finds nothing wrong (returns empty) or {@code
   * timeout} passes; a check that throws counts as not yet, and its message is kept for the report.
   */
  private static void poll(String what, Duration timeout, Supplier<Optional<String>> check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastProblem = "not checked yet";
    while (true) {
      try {
        Optional<String> problem = check.get();
        if (problem.isEmpty()) {
          return;
        }
        lastProblem = problem.get();
      } catch (KafkaClusterException failed) {
        lastProblem = failed.getMessage();
      }
      if (System.nanoTime() > deadline) {
        throw new KafkaClusterException(
            "waited " + timeout.toSeconds() + " s for " + what + "; last seen: " + lastProblem);
      }
      try {
        TimeUnit.NANOSECONDS.sleep(POLL_INTERVAL.toNanos());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new KafkaClusterException("interrupted while waiting for " + what, interrupted);
      }
    }
  }

  private TopicDescription describe(String topic) {
    return call(
        admin().describeTopics(List.of(topic)).topicNameValues().get(topic),
        "describe topic " + topic);
  }

  private static TopicPartitionInfo partitionInfo(
      TopicDescription description, String topic, int partition) {
    return description.partitions().stream()
        .filter(info -> info.partition() == partition)
        .findFirst()
        .orElseThrow(
            () ->
                new KafkaClusterException(
                    "topic "
                        + topic
                        + " has no partition "
                        + partition
                        + "; it has "
                        + description.partitions().size()));
  }

  private static Set<Integer> ids(List<Node> nodes) {
    return nodes.stream().map(Node::id).collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The cluster's admin client, created on first use: created earlier, it would try the nodes
   * before they listen and log a warning for each try.
   */
  private Admin admin() {
    synchronized (adminLock) {
      if (closed) {
        throw new IllegalStateException("the cluster is closed");
      }
      if (admin == null) {
        admin = createAdmin(bootstrapServers);
      }
      return admin;
    }
  }

  private static Admin createAdmin(String bootstrapServers) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            AdminClientConfig.CLIENT_ID_CONFIG,
            "kafka-cluster-harness",
            // a paused node answers nothing: give up on it soon and ask another
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            5_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) ADMIN_CALL_TIMEOUT.toMillis(),
            AdminClientConfig.RETRY_BACKOFF_MS_CONFIG,
            100));
  }

  private static <T> T call(KafkaFuture<T> future, String what) {
    try {
      return future.get(ADMIN_CALL_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException failed) {
      throw new KafkaClusterException("cannot " + what + ": " + failed.getCause(), failed);
    } catch (TimeoutException slow) {
      throw new KafkaClusterException(
          "cannot " + what + ": no answer within " + ADMIN_CALL_TIMEOUT.toSeconds() + " s", slow);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new KafkaClusterException("interrupted while trying to " + what, interrupted);
    }
  }

  /**
   * {@code java} of this JVM with the nodes' JVM options and this JVM's classpath. The heap is
   * capped small (three nodes and the tests share the machine); the serial collector saves the
   * threads and memory of G1, which a node with such a heap does not need; the C1 compiler alone
   * ({@code TieredStopAtLevel=1}) spends far less CPU compiling, which on two cores brought the
   * start of three nodes from about 11 s to about 7 s, at a cost in peak throughput that fault
   * tests do not reach; and an out-of-memory node exits rather than limping on.
   */
  private static List<String> javaCommand() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms64m",
        "-Xmx" + NODE_HEAP,
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-XX:+ExitOnOutOfMemoryError",
        "-Dlog4j2.configurationFile=classpath:cluster-node-log4j2.xml",
        "-cp",
        nodeClasspath(System.getProperty("java.class.path")));
  }

  /**
   * {@code classpath} (this JVM's {@code java.class.path}) made fit for a node: every entry
   * absolute, since a node runs in its own directory; and a manifest-only jar (a single jar whose
   * manifest's {@code Class-Path} lists the real entries, as Surefire and Failsafe may start the
   * test JVM with) replaced by the entries it lists, so that the nodes do not depend on a file the
   * test runner deletes. Failsafe 3.5 sets {@code java.class.path} to the whole test classpath, so
   * there the expansion is not needed.
   */
  static String nodeClasspath(String classpath) {
    List<String> entries = new ArrayList<>();
    for (String entry : classpath.split(Pattern.quote(File.pathSeparator), -1)) {
      if (!entry.isEmpty()) {
        entries.add(Path.of(entry).toAbsolutePath().toString());
      }
    }
    if (entries.size() == 1 && entries.get(0).endsWith(".jar")) {
      entries = expandManifestOnlyJar(Path.of(entries.get(0)));
    }
    return String.join(File.pathSeparator, entries);
  }

  /** The jar and the entries of its manifest's {@code Class-Path}, as absolute paths. */
  private static List<String> expandManifestOnlyJar(Path jar) {
    List<String> entries = new ArrayList<>();
    entries.add(jar.toString());
    try (JarFile file = new JarFile(jar.toFile())) {
      String manifestClasspath =
          file.getManifest() == null
              ? null
              : file.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      if (manifestClasspath != null && !manifestClasspath.isBlank()) {
        // entries are URLs, relative to the jar's directory unless absolute
        for (String entry : manifestClasspath.trim().split("\\s+", -1)) {
          entries.add(Path.of(jar.getParent().toUri().resolve(entry)).toString());
        }
      }
      return entries;
    } catch (IOException unreadable) {
      throw new UncheckedIOException("cannot read the manifest of " + jar, unreadable);
    }
  }

  /** {@code count} distinct ports that were free on 127.0.0.1 a moment ago. */
  private static int[] freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 50, loopback);
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException failed) {
      throw new UncheckedIOException("cannot find free ports on 127.0.0.1", failed);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing a listening socket we opened a moment ago
        }
      }
    }
  }
}
