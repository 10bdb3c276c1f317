package io.eventgateway.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaProperties;
import org.apache.kafka.metadata.properties.PropertiesUtils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster in this JVM: one KRaft node that is both broker and controller
 * ({@link KafkaRaftServer}), listening on {@value EmbeddedKafkaSettings#HOST} only.
 *
 * <p>Storage: on the first start in a directory, it is formatted with a new cluster id (as {@code
 * kafka-storage.sh format} would); later starts find {@code meta.properties} there and reuse the
 * cluster id and all data.
 *
 * <p>Settings besides the ports and directory: {@code auto.create.topics.enable=false} (topics come
 * from declared streams only), replication factor 1 and min ISR 1 for the internal topics (consumer
 * offsets, transaction state, share-group state), {@code group.initial.rebalance.delay.ms=0},
 * {@code num.partitions=1}, and {@code log.cleaner.dedupe.buffer.size=2097152} (Kafka's 128 MiB
 * default would dominate the gateway's heap; the gateway's streams are not compacted).
 *
 * <p>Like any Kafka broker, it treats an unrecoverable storage or metadata fault as fatal and may
 * halt the JVM. Thread-safe; {@link #close()} is idempotent.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String META_PROPERTIES = "meta.properties";
  private static final byte[] LOOPBACK = {127, 0, 0, 1};

  private final EmbeddedKafkaSettings settings;
  private final String clusterId;
  private final KafkaRaftServer server;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafkaBroker(
      EmbeddedKafkaSettings settings, String clusterId, KafkaRaftServer server) {
    this.settings = settings;
    this.clusterId = clusterId;
    this.server = server;
  }

  /**
   * Starts a broker and returns once it takes requests (about 4 s on a small machine; longer when
   * it has much data to recover).
   *
   * @throws EmbeddedKafkaException when a port is in use, the directory is in use by another broker
   *     or cannot be written, or the broker fails to start
   */
  public static EmbeddedKafkaBroker start(EmbeddedKafkaSettings settings) {
    long started = System.nanoTime();
    requireFree(
        settings.brokerPort(),
        "port " + settings.brokerPort() + " is in use; set --kafka-port or ESG_KAFKA_PORT");
    requireFree(
        settings.controllerPort(),
        "port "
            + settings.controllerPort()
            + " (the embedded Kafka controller's) is in use; set --kafka-controller-port or"
            + " ESG_KAFKA_CONTROLLER_PORT");
    Path directory = settings.dataDirectory().toAbsolutePath();
    KafkaConfig config;
    try {
      config = KafkaConfig.fromProps(brokerProperties(settings, directory), false);
    } catch (ConfigException invalid) {
      throw new EmbeddedKafkaException(
          "invalid embedded Kafka broker settings: " + invalid.getMessage(), invalid);
    }
    String clusterId = formatOnce(directory);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException failed) {
      stopQuietly(server);
      throw startFailure(settings, directory, failed);
    }
    LOGGER.info(
        "embedded Kafka broker ready on {}:{} in {} ms (data in {}, cluster id {})",
        EmbeddedKafkaSettings.HOST,
        settings.brokerPort(),
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        directory,
        clusterId);
    return new EmbeddedKafkaBroker(settings, clusterId, server);
  }

  /** {@code 127.0.0.1:<broker port>}, for clients' {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return EmbeddedKafkaSettings.HOST + ":" + settings.brokerPort();
  }

  /** The cluster id, kept in the data directory's {@code meta.properties}. */
  public String clusterId() {
    return clusterId;
  }

  public EmbeddedKafkaSettings settings() {
    return settings;
  }

  /** Shuts the broker down cleanly and waits until it has stopped (a few seconds). */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    server.shutdown();
    server.awaitShutdown();
    LOGGER.info(
        "embedded Kafka broker on port {} stopped in {} ms",
        settings.brokerPort(),
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  /** Formats {@code directory} unless it holds a node's storage already; returns the cluster id. */
  private static String formatOnce(Path directory) {
    Path metaProperties = directory.resolve(META_PROPERTIES);
    try {
      if (Files.exists(metaProperties)) {
        MetaProperties meta =
            new MetaProperties.Builder(
                    PropertiesUtils.readPropertiesFile(metaProperties.toString()))
                .build();
        return meta.clusterId()
            .orElseThrow(
                () ->
                    new EmbeddedKafkaException(
                        metaProperties + " has no cluster.id; is it a Kafka data directory?",
                        null));
      }
      Files.createDirectories(directory);
      String clusterId = Uuid.randomUuid().toString();
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
        new Formatter()
            .setPrintStream(printStream)
            .setNodeId(NODE_ID)
            .setClusterId(clusterId)
            .setDirectories(List.of(directory.toString()))
            .setMetadataLogDirectory(directory.toString())
            .setControllerListenerName(CONTROLLER_LISTENER)
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .run();
      }
      LOGGER.info("formatted new Kafka storage in {} (cluster id {})", directory, clusterId);
      LOGGER.debug("formatter: {}", output.toString(StandardCharsets.UTF_8).trim());
      return clusterId;
    } catch (IOException unreadable) {
      throw new EmbeddedKafkaException(
          "cannot prepare the Kafka data directory " + directory + ": " + unreadable, unreadable);
    } catch (EmbeddedKafkaException | UncheckedIOException rethrown) {
      throw rethrown;
    } catch (Exception failed) {
      throw new EmbeddedKafkaException(
          "cannot format the Kafka data directory " + directory + ": " + failed, failed);
    }
  }

  private static Properties brokerProperties(EmbeddedKafkaSettings settings, Path directory) {
    String host = EmbeddedKafkaSettings.HOST;
    Properties properties = new Properties();
    properties.put("process.roles", "broker,controller");
    properties.put("node.id", Integer.toString(NODE_ID));
    properties.put(
        "controller.quorum.voters", NODE_ID + "@" + host + ":" + settings.controllerPort());
    properties.put(
        "listeners",
        "PLAINTEXT://"
            + host
            + ":"
            + settings.brokerPort()
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + host
            + ":"
            + settings.controllerPort());
    properties.put("advertised.listeners", "PLAINTEXT://" + host + ":" + settings.brokerPort());
    properties.put(
        "listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    properties.put("controller.listener.names", CONTROLLER_LISTENER);
    properties.put("inter.broker.listener.name", "PLAINTEXT");
    properties.put("log.dirs", directory.toString());

    properties.put("auto.create.topics.enable", "false");
    properties.put("num.partitions", "1");
    properties.put("default.replication.factor", "1");
    properties.put("offsets.topic.replication.factor", "1");
    properties.put("transaction.state.log.replication.factor", "1");
    properties.put("transaction.state.log.min.isr", "1");
    properties.put("share.coordinator.state.topic.replication.factor", "1");
    properties.put("share.coordinator.state.topic.min.isr", "1");
    properties.put("group.initial.rebalance.delay.ms", "0");
    properties.put("log.cleaner.dedupe.buffer.size", "2097152");
    properties.putAll(settings.brokerProperties());
    return properties;
  }

  private static void requireFree(int port, String message) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByAddress(LOOPBACK), port));
    } catch (IOException inUse) {
      throw new EmbeddedKafkaException(message, inUse);
    }
  }

  private static EmbeddedKafkaException startFailure(
      EmbeddedKafkaSettings settings, Path directory, RuntimeException failed) {
    String causes = describeCauses(failed);
    if (causes.contains("Address already in use")) {
      return new EmbeddedKafkaException(
          "port "
              + settings.brokerPort()
              + " or "
              + settings.controllerPort()
              + " is in use; set --kafka-port or ESG_KAFKA_PORT (and --kafka-controller-port)",
          failed);
    }
    if (causes.contains("Failed to acquire lock")) {
      return new EmbeddedKafkaException(
          "the Kafka data directory "
              + directory
              + " is in use by another broker (another gateway running?); stop it or set"
              + " --data-dir",
          failed);
    }
    return new EmbeddedKafkaException(
        "the embedded Kafka broker failed to start (data in " + directory + "): " + causes, failed);
  }

  private static String describeCauses(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (text.length() > 0) {
        text.append(" <- ");
      }
      text.append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
      if (cause.getCause() == cause) {
        break;
      }
    }
    return text.toString();
  }

  private static void stopQuietly(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException ignored) {
      LOGGER.debug("error while stopping a broker that failed to start", ignored);
    }
  }
}
