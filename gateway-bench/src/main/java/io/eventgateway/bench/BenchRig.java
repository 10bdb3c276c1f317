package io.eventgateway.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.eventgateway.testkit.process.FreePorts;
import io.eventgateway.testkit.process.JvmCommand;
import io.eventgateway.testkit.process.JvmProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * What a run measures against: the Kafka cluster (a broker in a child JVM unless {@code
 * --bootstrap-servers} names one), the direct producer's topic, and the gateway (a child JVM of
 * {@code esg.jar serve} declaring the bench stream, unless {@code --target} names a running one).
 * {@link #close} stops what it started and deletes what it created, in reverse order. Not
 * thread-safe: started, used and closed by the command's thread.
 */
final class BenchRig implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private final BenchOptions options;
  private final PrintStream err;
  private final Path work;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<String> notes = new ArrayList<>();
  private final List<String> createdTopics = new ArrayList<>();
  private JvmProcess broker;
  private JvmProcess gateway;
  private String servers;
  private String gatewayAddress;

  private BenchRig(BenchOptions options, PrintStream err, Path work) {
    this.options = options;
    this.err = err;
    this.work = work;
  }

  /**
   * Starts the broker and the gateway the options ask for and creates the direct topic, printing
   * progress on {@code err}.
   *
   * @throws io.eventgateway.testkit.process.JvmProcessException when a child JVM does not start or
   *     get ready; what was started is stopped
   * @throws IOException when the gateway's jar is missing or its configuration cannot be written
   * @throws ExecutionException when the direct topic cannot be created
   */
  static BenchRig start(BenchOptions options, PrintStream err)
      throws IOException, InterruptedException, ExecutionException {
    BenchRig rig = new BenchRig(options, err, Files.createTempDirectory("esg-bench-"));
    try {
      rig.startKafka();
      rig.startGateway();
      return rig;
    } catch (Exception failed) {
      rig.close();
      throw failed;
    }
  }

  /** The Kafka cluster's bootstrap servers. */
  String servers() {
    return servers;
  }

  /** The direct producer's topic, of the bench stream's partitions and replication. */
  String directTopic() {
    return "bench-direct-" + run;
  }

  /** The stream the gateway side publishes to: {@code --stream}, or the one the rig declared. */
  String gatewayStream() {
    return options.stream != null ? options.stream : "bench-" + run;
  }

  /** The gateway's gRPC address, host:port. */
  String gatewayAddress() {
    return gatewayAddress;
  }

  /** The broker's process, when the rig started it. */
  Optional<JvmProcess> broker() {
    return Optional.ofNullable(broker);
  }

  /** The gateway's process, when the rig started it. */
  Optional<JvmProcess> gateway() {
    return Optional.ofNullable(gateway);
  }

  /** What the summary says about the cluster and the gateway measured. */
  List<String> notes() {
    return List.copyOf(notes);
  }

  private void startKafka() throws InterruptedException, ExecutionException {
    if (options.bootstrapServers == null) {
      int[] ports = FreePorts.onLoopback(2);
      int brokerPort = ports[0];
      broker = startBroker(brokerPort, ports[1]);
      servers = "127.0.0.1:" + brokerPort;
      notes.add(
          "Kafka: a single-node KRaft broker started by the bench in its own JVM ("
              + servers
              + "); its CPU is counted on neither side (shown on the broker row)");
    } else {
      servers = options.bootstrapServers;
      notes.add("Kafka: the cluster at " + servers);
    }
    createdTopics.add(directTopic());
    createTopic(directTopic());
  }

  private JvmProcess startBroker(int brokerPort, int controllerPort) {
    JvmCommand command =
        JvmCommand.mainClass(BrokerMain.class)
            .jvmOptions(Words.split(options.brokerJavaOpts))
            .arguments(
                Integer.toString(brokerPort),
                Integer.toString(controllerPort),
                work.resolve("kafka").toString())
            .build();
    err.println("esg bench: starting a Kafka broker on 127.0.0.1:" + brokerPort + " ...");
    return ChildJvms.start(
        "broker",
        command,
        work.resolve("broker.log"),
        err,
        child -> child.awaitLogLine(BrokerMain.READY, START_TIMEOUT));
  }

  private void startGateway() throws IOException {
    if (options.target != null) {
      gatewayAddress = options.target;
      notes.add(
          "gateway: the running gateway at "
              + options.target
              + "; its CPU and heap are not measured (only the bench client's CPU is)");
      return;
    }
    Path jar = options.gatewayJar != null ? options.gatewayJar : defaultGatewayJar();
    if (!Files.isRegularFile(jar)) {
      throw new IOException(
          "no gateway at " + jar + "; build it (mvn package) or name it with --gateway-jar");
    }
    Path config = work.resolve("esg-bench.yaml");
    Files.writeString(config, gatewayConfig(options, gatewayStream()), StandardCharsets.UTF_8);
    int[] ports = FreePorts.onLoopback(2);
    int grpcPort = ports[0];
    int httpPort = ports[1];
    JvmCommand command =
        JvmCommand.jar(jar)
            .jvmOptions(Words.split(options.gatewayJavaOpts))
            .arguments(
                "serve",
                "--grpc-port",
                Integer.toString(grpcPort),
                "--bootstrap-servers",
                servers,
                "--config",
                config.toString())
            // metrics and health as environment variables rather than flags, so the bench also
            // runs gateway jars older than --http-port (compare.sh)
            .environment("ESG_HTTP_HOST", "127.0.0.1")
            .environment("ESG_HTTP_PORT", Integer.toString(httpPort))
            .build();
    err.println("esg bench: starting the gateway on 127.0.0.1:" + grpcPort + " ...");
    createdTopics.add(gatewayStream());
    // ready when its /health/ready answers 200: it serves gRPC, its stream is reconciled with
    // the cluster, and Kafka answers
    gateway =
        ChildJvms.start(
            "gateway",
            command,
            work.resolve("gateway.log"),
            err,
            child -> child.awaitReady(JvmProcess.readyUrl(httpPort), START_TIMEOUT));
    gatewayAddress = "127.0.0.1:" + grpcPort;
  }

  /** The gateway's configuration file: the bench stream alone. */
  static String gatewayConfig(BenchOptions options, String streamName) {
    ObjectNode config = YAML.createObjectNode();
    if (options.dedupWindow != null) {
      config.putObject("dedup").put("window", options.dedupWindow).put("standard-streams", true);
    }
    config
        .putObject("kafka")
        .putObject("replication")
        .put("factor", options.replicationFactor)
        .put("min-insync-replicas", options.minInsyncReplicas());
    config
        .putArray("streams")
        .addObject()
        .put("name", streamName)
        .put("class", "events")
        .put("durability", options.streamClass.name().toLowerCase(Locale.ROOT))
        .put("partitions", options.partitions)
        .put("retention", "1h");
    try {
      return YAML.writeValueAsString(config);
    } catch (JsonProcessingException impossible) {
      throw new UncheckedIOException(impossible);
    }
  }

  /** gateway-app/target/esg.jar next to this module's target directory. */
  static Path defaultGatewayJar() {
    try {
      Path location =
          Path.of(BenchRig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // .../gateway-bench/target/esg-bench.jar or .../gateway-bench/target/classes
      Path module = location.getParent().getParent();
      return module.resolveSibling("gateway-app").resolve("target").resolve("esg.jar");
    } catch (URISyntaxException | RuntimeException unknown) {
      return Path.of("gateway-app", "target", "esg.jar");
    }
  }

  /**
   * Stops the gateway, then the broker (its topics go with its data) or deletes the topics the rig
   * created on the given cluster, then deletes the working directory. Failures are printed, not
   * thrown.
   */
  @Override
  public void close() {
    if (gateway != null) {
      gateway.close();
    }
    if (broker != null) {
      broker.close();
    } else if (!createdTopics.isEmpty()) {
      deleteTopics(createdTopics);
    }
    deleteTree(work);
  }

  private void createTopic(String topic) throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(adminProperties())) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, options.partitions, (short) options.replicationFactor)
                      .configs(
                          Map.of(
                              "min.insync.replicas",
                              Integer.toString(options.minInsyncReplicas()),
                              "retention.ms",
                              "3600000"))))
          .all()
          .get();
    }
  }

  private void deleteTopics(List<String> topics) {
    try (Admin admin = Admin.create(adminProperties())) {
      admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
    } catch (Exception failed) {
      err.println("esg bench: could not delete the bench topics " + topics + ": " + failed);
    }
  }

  private Properties adminProperties() {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "esg-bench-admin");
    return properties;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind
    }
  }
}
