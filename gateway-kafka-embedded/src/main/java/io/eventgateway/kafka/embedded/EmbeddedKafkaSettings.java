package io.eventgateway.kafka.embedded;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How to run the {@link EmbeddedKafkaBroker}. Immutable; validates eagerly.
 *
 * @param dataDirectory where the broker keeps its log and metadata; created when missing, reused
 *     (same cluster id, same data) on later starts (required)
 * @param brokerPort the port clients connect to on {@value #HOST}
 * @param controllerPort the port of the KRaft controller on {@value #HOST}; not {@code brokerPort}
 * @param brokerProperties further broker settings, on top of the ones listed on {@link
 *     EmbeddedKafkaBroker}; they may not change what makes the node ({@link #RESERVED_KEYS})
 *     (default none)
 */
public record EmbeddedKafkaSettings(
    Path dataDirectory, int brokerPort, int controllerPort, Map<String, String> brokerProperties) {

  /** The only address the embedded broker listens on: it is for this machine alone. */
  public static final String HOST = "127.0.0.1";

  /** Broker settings that the embedded broker sets itself and that cannot be changed. */
  public static final Set<String> RESERVED_KEYS =
      Set.of(
          "process.roles",
          "node.id",
          "listeners",
          "advertised.listeners",
          "listener.security.protocol.map",
          "controller.listener.names",
          "controller.quorum.voters",
          "controller.quorum.bootstrap.servers",
          "inter.broker.listener.name",
          "log.dirs",
          "log.dir",
          "metadata.log.dir");

  public EmbeddedKafkaSettings {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(brokerProperties, "brokerProperties");
    requirePort(brokerPort, "brokerPort");
    requirePort(controllerPort, "controllerPort");
    if (brokerPort == controllerPort) {
      throw new IllegalArgumentException(
          "brokerPort and controllerPort must differ, both were " + brokerPort);
    }
    brokerProperties = Map.copyOf(brokerProperties);
    for (String key : brokerProperties.keySet()) {
      if (RESERVED_KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "broker property '" + key + "' is set by the embedded broker itself");
      }
    }
  }

  private static void requirePort(int port, String name) {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException(name + " must be between 1 and 65535, was " + port);
    }
  }
}
