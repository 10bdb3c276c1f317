package io.eventgateway.app.cli;

import io.eventgateway.app.Gateway;
import io.eventgateway.app.GatewayStartException;
import io.eventgateway.app.config.ConfigFile;
import io.eventgateway.app.config.ConfigLoader;
import io.eventgateway.app.config.GatewayConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code esg serve}: runs the gateway until SIGTERM or Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = EsgCommand.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Run the gateway: gRPC on --grpc-host:--grpc-port, in front of Kafka.",
      "",
      "Without --bootstrap-servers it starts its own single-node Kafka broker (KRaft) in the"
          + " same process, on 127.0.0.1:--kafka-port, with its data in --data-dir (kept across"
          + " restarts).",
      "",
      "Streams come from the configuration file (see docs/configuration.md and"
          + " esg.example.yaml); without one the streams 'events', 'raw' and 'audit' are"
          + " declared.",
      "",
      "Precedence: flags, then environment variables, then the configuration file, then"
          + " defaults.",
      "",
      "SIGTERM or Ctrl-C drains: in-flight events are acknowledged, then the gateway stops.",
      ""
    })
public final class ServeCommand implements Callable<Integer> {

  @Option(
      names = {"-c", "--config"},
      defaultValue = "${env:ESG_CONFIG}",
      description = "YAML configuration file (env ESG_CONFIG).")
  Path config;

  @Option(
      names = "--grpc-host",
      defaultValue = "${env:ESG_GRPC_HOST}",
      description = "Address to listen on for gRPC (env ESG_GRPC_HOST; default 127.0.0.1).")
  String grpcHost;

  @Option(
      names = "--grpc-port",
      defaultValue = "${env:ESG_GRPC_PORT}",
      description = "gRPC port, 0 for any free one (env ESG_GRPC_PORT; default 50051).")
  Integer grpcPort;

  @Option(
      names = "--http-host",
      defaultValue = "${env:ESG_HTTP_HOST}",
      description =
          "Address to listen on for metrics, health and the status page (env ESG_HTTP_HOST;"
              + " default 127.0.0.1).")
  String httpHost;

  @Option(
      names = "--http-port",
      defaultValue = "${env:ESG_HTTP_PORT}",
      description =
          "Port of /metrics, /health/live, /health/ready and the status page, 0 for any free one"
              + " (env ESG_HTTP_PORT; default 9464).")
  Integer httpPort;

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "${env:ESG_BOOTSTRAP_SERVERS}",
      description =
          "Kafka cluster to use, host:port,... (env ESG_BOOTSTRAP_SERVERS);"
              + " unset: start the embedded broker.")
  String bootstrapServers;

  @Option(
      names = "--kafka-port",
      defaultValue = "${env:ESG_KAFKA_PORT}",
      description = "Embedded broker's port (env ESG_KAFKA_PORT; default 9092).")
  Integer kafkaPort;

  @Option(
      names = "--kafka-controller-port",
      defaultValue = "${env:ESG_KAFKA_CONTROLLER_PORT}",
      description =
          "Embedded broker's KRaft controller port (env ESG_KAFKA_CONTROLLER_PORT;"
              + " default kafka port + 1).")
  Integer kafkaControllerPort;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:ESG_DATA_DIR}",
      description = "Embedded broker's data directory (env ESG_DATA_DIR; default ./esg-data).")
  Path dataDir;

  @Option(
      names = {"-K", "--kafka-property"},
      description =
          "Kafka client setting passed through unchanged, e.g. -K security.protocol=SSL"
              + " (repeatable).")
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  /** The configuration these flags, the environment and the configuration file give. */
  public GatewayConfig resolveConfig() {
    // an environment variable set to "" counts as unset
    Path configFile = given(config);
    ConfigFile file = configFile == null ? ConfigFile.empty() : ConfigLoader.load(configFile);
    return GatewayConfig.resolve(
        file,
        new GatewayConfig.Overrides(
            given(grpcHost),
            grpcPort,
            given(httpHost),
            httpPort,
            given(bootstrapServers),
            kafkaPort,
            kafkaControllerPort,
            given(dataDir),
            kafkaProperties));
  }

  private static String given(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static Path given(Path value) {
    return value == null || value.toString().isBlank() ? null : value;
  }

  @Override
  public Integer call() throws Exception {
    GatewayConfig resolved;
    try {
      resolved = resolveConfig();
    } catch (IllegalArgumentException invalid) {
      System.err.println("esg: " + invalid.getMessage());
      return 2;
    }
    Gateway gateway;
    try {
      gateway = Gateway.start(resolved);
    } catch (GatewayStartException failed) {
      System.err.println("esg: cannot start: " + failed.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "esg-shutdown"));
    gateway.awaitTermination();
    return 0;
  }
}
