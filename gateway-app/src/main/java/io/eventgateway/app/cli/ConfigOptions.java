package io.eventgateway.app.cli;

import io.eventgateway.app.config.ConfigSchema;
import io.eventgateway.app.config.ConfigSources;
import io.eventgateway.app.config.EffectiveConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options that make the gateway's configuration, shared by {@code esg serve} and {@code esg
 * config}: configuration files, the flags for the keys most often set, {@code -K} for Kafka client
 * properties and {@code --set} for any key. Each flag sets one key of the model; its default in the
 * help is the model's ({@link Defaults}).
 */
public final class ConfigOptions {
  /** The key each flag sets, by the flag's long name. */
  static final Map<String, String> FLAG_KEYS =
      Map.of(
          "--grpc-host", "grpc.host",
          "--grpc-port", "grpc.port",
          "--http-host", "http.host",
          "--http-port", "http.port",
          "--bootstrap-servers", "kafka.bootstrap-servers",
          "--kafka-port", "kafka.embedded.port",
          "--kafka-controller-port", "kafka.embedded.controller-port",
          "--data-dir", "kafka.embedded.data-dir");

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = {"-c", "--config"},
      description =
          "YAML configuration file (env ESG_CONFIG); repeatable, a later file's keys win.")
  List<Path> configFiles = new ArrayList<>();

  @Option(
      names = "--grpc-host",
      description = "Address to listen on for gRPC (env ESG_GRPC_HOST; default ${DEFAULT-VALUE}).")
  String grpcHost;

  @Option(
      names = "--grpc-port",
      description = "gRPC port, 0 for any free one (env ESG_GRPC_PORT; default ${DEFAULT-VALUE}).")
  Integer grpcPort;

  @Option(
      names = "--http-host",
      description =
          "Address to listen on for metrics, health and the status page (env ESG_HTTP_HOST;"
              + " default ${DEFAULT-VALUE}).")
  String httpHost;

  @Option(
      names = "--http-port",
      description =
          "Port of /metrics, /health/live, /health/ready and the status page, 0 for any free one"
              + " (env ESG_HTTP_PORT; default ${DEFAULT-VALUE}).")
  Integer httpPort;

  @Option(
      names = "--bootstrap-servers",
      description =
          "Kafka cluster to use, host:port,... (env ESG_BOOTSTRAP_SERVERS); unset: start the"
              + " embedded broker.")
  String bootstrapServers;

  @Option(
      names = "--kafka-port",
      description = "Embedded broker's port (env ESG_KAFKA_PORT; default ${DEFAULT-VALUE}).")
  Integer kafkaPort;

  @Option(
      names = "--kafka-controller-port",
      description =
          "Embedded broker's KRaft controller port (env ESG_KAFKA_CONTROLLER_PORT; default: the"
              + " Kafka port + 1).")
  Integer kafkaControllerPort;

  @Option(
      names = "--data-dir",
      description =
          "Embedded broker's data directory (env ESG_DATA_DIR; default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = {"-K", "--kafka-property"},
      description =
          "Kafka client setting passed through unchanged, e.g. -K security.protocol=SSL"
              + " (repeatable; sets kafka.properties.<key>).")
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Any configuration key, e.g. --set kafka.producer.linger=20ms or --set"
              + " streams[0].partitions=6 (repeatable).")
  Map<String, String> settings = new LinkedHashMap<>();

  /**
   * The configuration these options give on top of {@code environment}: the files (or {@code
   * ESG_CONFIG}), then the environment's configuration variables, then the flags.
   *
   * @throws io.eventgateway.app.config.ConfigException naming the key at fault and its source
   */
  public EffectiveConfig resolve(Map<String, String> environment) {
    ConfigSources sources = new ConfigSources();
    List<Path> files = configFiles;
    String fromEnvironment = environment.getOrDefault("ESG_CONFIG", "");
    if (files.isEmpty() && !fromEnvironment.isBlank()) {
      files = List.of(Path.of(fromEnvironment));
    }
    files.forEach(sources::file);
    sources.environment(environment);
    CommandLine.ParseResult parsed = command.commandLine().getParseResult();
    FLAG_KEYS.forEach(
        (flag, key) -> {
          if (parsed.hasMatchedOption(flag)) {
            Object value = parsed.matchedOption(flag).getValue();
            sources.set(key, String.valueOf(value), "flag " + flag);
          }
        });
    kafkaProperties.forEach(
        (name, value) -> sources.set("kafka.properties." + name, value, "flag -K " + name));
    settings.forEach((key, value) -> sources.set(key, value, "flag --set"));
    return sources.resolve();
  }

  /** Shows the model's default of each flag's key in the help, as {@code ${DEFAULT-VALUE}}. */
  static final class Defaults implements CommandLine.IDefaultValueProvider {
    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argument) {
      if (!(argument instanceof CommandLine.Model.OptionSpec option)) {
        return null;
      }
      String key = FLAG_KEYS.get(option.longestName());
      if (key == null) {
        return null;
      }
      return ConfigSchema.GATEWAY.path(key).key().defaultText().orElse(null);
    }
  }
}
