package io.eventgateway.testkit.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaProperties;
import org.apache.kafka.metadata.properties.PropertiesUtils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a {@link KafkaCluster}, alone in its JVM: a combined KRaft broker and controller
 * ({@link KafkaRaftServer}) on 127.0.0.1, configured by {@link
 * ClusterNodeSettings#kafkaProperties()}.
 *
 * <p>Arguments: {@code <node id> <cluster id> <broker port> <controller port> <quorum voters> <data
 * directory>}, the quorum voters as {@code 1@127.0.0.1:c1,2@127.0.0.1:c2,3@127.0.0.1:c3}.
 *
 * <p>On the first start in a data directory it formats the storage with the given cluster id, as
 * {@code kafka-storage.sh format --cluster-id <id> --config <file>} would with a static quorum (no
 * {@code --standalone} or {@code --initial-controllers}: {@code kraft.version} 0); a later start
 * finds {@code meta.properties} and keeps the data, after checking that it belongs to the same
 * cluster and node.
 *
 * <p>Prints {@value #READY} once {@link KafkaRaftServer#startup()} has returned, which for the
 * broker means it has caught up with the metadata log and the controller has unfenced it: it takes
 * requests. A node of a new cluster gets there only once a majority of the voters runs, so start
 * them all together.
 *
 * <p>Stops cleanly (controlled shutdown) on SIGTERM or when its standard input ends: a parent that
 * dies closes the pipe, so no node outlives its launcher by more than a shutdown. A clean shutdown
 * that takes longer than {@value #SHUTDOWN_LIMIT_SECONDS} s (a controlled shutdown waits for an
 * active controller, which a node left alone never gets) halts the JVM instead. Exit status: 0
 * after a clean stop, 1 when the node fails to start, 2 on bad arguments, 3 when the shutdown was
 * cut short.
 */
public final class ClusterNodeMain {
  /** The line printed once the node takes requests; followed by its broker address. */
  public static final String READY = "cluster node ready on ";

  static final int SHUTDOWN_LIMIT_SECONDS = 30;

  private static final Logger LOGGER = LoggerFactory.getLogger(ClusterNodeMain.class);
  private static final String META_PROPERTIES = "meta.properties";

  private ClusterNodeMain() {}

  public static void main(String[] args) throws IOException {
    ClusterNodeSettings settings;
    try {
      settings = ClusterNodeSettings.fromArguments(args);
    } catch (IllegalArgumentException bad) {
      System.err.println("ClusterNodeMain: " + bad.getMessage());
      System.exit(2);
      return;
    }
    long started = System.nanoTime();
    KafkaRaftServer server;
    try {
      formatOnce(settings);
      server =
          new KafkaRaftServer(
              KafkaConfig.fromProps(settings.kafkaProperties(), false), Time.SYSTEM);
    } catch (Exception failed) {
      LOGGER.error("node {} cannot start: {}", settings.nodeId(), failed.getMessage(), failed);
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(server, settings), "cluster-node-stop"));
    try {
      server.startup();
    } catch (RuntimeException failed) {
      LOGGER.error("node {} failed to start", settings.nodeId(), failed);
      System.exit(1);
      return;
    }
    LOGGER.info(
        "node {} started in {} ms (pid {}, data in {})",
        settings.nodeId(),
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        ProcessHandle.current().pid(),
        settings.dataDirectory());
    System.out.println(READY + settings.brokerAddress());
    System.out.flush();
    while (System.in.read() >= 0) {
      // the launcher closes our standard input (or dies) when the node should stop
    }
    LOGGER.info("node {}: standard input ended, stopping", settings.nodeId());
    System.exit(0);
  }

  /**
   * Formats the data directory unless it holds this node's storage already.
   *
   * @throws IllegalStateException when it holds another cluster's or another node's storage
   */
  static void formatOnce(ClusterNodeSettings settings) throws Exception {
    Path directory = settings.dataDirectory();
    Path metaProperties = directory.resolve(META_PROPERTIES);
    if (Files.exists(metaProperties)) {
      MetaProperties meta =
          new MetaProperties.Builder(PropertiesUtils.readPropertiesFile(metaProperties.toString()))
              .build();
      String clusterId = meta.clusterId().orElse("<none>");
      if (!clusterId.equals(settings.clusterId())) {
        throw new IllegalStateException(
            directory
                + " holds storage of cluster "
                + clusterId
                + ", not of cluster "
                + settings.clusterId()
                + "; give the new cluster an empty directory");
      }
      if (meta.nodeId().isEmpty() || meta.nodeId().getAsInt() != settings.nodeId()) {
        throw new IllegalStateException(
            directory
                + " holds storage of node "
                + (meta.nodeId().isEmpty() ? "<none>" : meta.nodeId().getAsInt())
                + ", not of node "
                + settings.nodeId());
      }
      LOGGER.info("node {}: keeping the storage in {}", settings.nodeId(), directory);
      return;
    }
    Files.createDirectories(directory);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      // Static quorum: no initial controllers and no dynamic quorum, so the formatter picks
      // kraft.version 0, which controller.quorum.voters requires. Every node is formatted alike;
      // only the node id differs.
      new Formatter()
          .setPrintStream(printStream)
          .setNodeId(settings.nodeId())
          .setClusterId(settings.clusterId())
          .setDirectories(List.of(directory.toString()))
          .setMetadataLogDirectory(directory.toString())
          .setControllerListenerName(ClusterNodeSettings.CONTROLLER_LISTENER)
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
    }
    LOGGER.info(
        "node {}: formatted {} for cluster {}: {}",
        settings.nodeId(),
        directory,
        settings.clusterId(),
        output.toString(StandardCharsets.UTF_8).trim());
  }

  /** The shutdown hook's work: a clean stop, or a halt when it takes too long. */
  private static void stop(KafkaRaftServer server, ClusterNodeSettings settings) {
    long started = System.nanoTime();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread watchdog =
        new Thread(
            () -> {
              try {
                if (!stopped.await(SHUTDOWN_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                  LOGGER.error(
                      "node {} did not stop within {} s; halting",
                      settings.nodeId(),
                      SHUTDOWN_LIMIT_SECONDS);
                  Runtime.getRuntime().halt(3);
                }
              } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
              }
            },
            "cluster-node-stop-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    LOGGER.info("node {} stopping", settings.nodeId());
    server.shutdown();
    server.awaitShutdown();
    stopped.countDown();
    LOGGER.info(
        "node {} stopped in {} ms",
        settings.nodeId(),
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }
}
