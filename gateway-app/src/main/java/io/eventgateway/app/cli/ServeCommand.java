package io.eventgateway.app.cli;

import io.eventgateway.app.Gateway;
import io.eventgateway.app.GatewayStartException;
import io.eventgateway.app.config.EffectiveConfig;
import io.eventgateway.app.config.GatewayConfig;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code esg serve}: runs the gateway until SIGTERM or Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = EsgCommand.Version.class,
    defaultValueProvider = ConfigOptions.Defaults.class,
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
      "Precedence: flags, then environment variables, then the configuration files, then"
          + " defaults. Every key has an environment variable: ESG_ and its path in upper case,"
          + " with _ for . and - (ESG_KAFKA_PRODUCER_LINGER=20ms). 'esg config' prints every key"
          + " with its value and where the value comes from.",
      "",
      "SIGTERM or Ctrl-C drains: in-flight events are acknowledged, then the gateway stops.",
      ""
    })
public final class ServeCommand implements Callable<Integer> {
  private static final Logger LOGGER = LoggerFactory.getLogger(ServeCommand.class);

  @Mixin ConfigOptions options;

  /** The configuration these flags, the process's environment and the configuration files give. */
  public GatewayConfig resolveConfig() {
    return resolve().config();
  }

  private EffectiveConfig resolve() {
    return options.resolve(System.getenv());
  }

  @Override
  public Integer call() throws Exception {
    EffectiveConfig resolved;
    try {
      resolved = resolve();
    } catch (IllegalArgumentException invalid) {
      System.err.println("esg: " + invalid.getMessage());
      return 2;
    }
    resolved.sources().warnings().forEach(warning -> LOGGER.warn("configuration: {}", warning));
    Gateway gateway;
    try {
      gateway = Gateway.start(resolved.config());
    } catch (GatewayStartException failed) {
      System.err.println("esg: cannot start: " + failed.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "esg-shutdown"));
    gateway.awaitTermination();
    return 0;
  }
}
