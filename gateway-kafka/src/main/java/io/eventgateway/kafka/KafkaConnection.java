package io.eventgateway.kafka;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where the Kafka cluster is and how to talk to it: the bootstrap servers and the raw Kafka client
 * settings (e.g. {@code security.protocol}, {@code ssl.*}, {@code sasl.*}) that every client the
 * gateway creates (producers, admin, consumers) gets unchanged.
 *
 * <p>Each adapter documents which of its own settings the client properties may override and which
 * they may not. {@link #toString()} masks the values of secret-looking keys.
 *
 * @param bootstrapServers {@code host:port[,host:port...]} of the cluster (required)
 * @param clientProperties raw Kafka client settings; may repeat {@code bootstrap.servers} only with
 *     the same value (default none)
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> clientProperties) {

  public KafkaConnection {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(clientProperties, "clientProperties");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must not be blank");
    }
    clientProperties = Map.copyOf(clientProperties);
    String repeated = clientProperties.get("bootstrap.servers");
    if (repeated != null && !repeated.equals(bootstrapServers)) {
      throw new IllegalArgumentException(
          "client property bootstrap.servers='"
              + repeated
              + "' contradicts bootstrapServers='"
              + bootstrapServers
              + "'; set the cluster in one place");
    }
  }

  /** A connection to {@code bootstrapServers} with no other client settings. */
  public static KafkaConnection to(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, Map.of());
  }

  /**
   * A fresh, mutable client configuration: the client properties with {@code bootstrap.servers}
   * set. Callers add their own settings before or after, as their precedence rules say.
   */
  public Map<String, Object> clientConfig() {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.put("bootstrap.servers", bootstrapServers);
    return config;
  }

  /** Whether a client property's value must never be logged (passwords, keys, JAAS, tokens). */
  public static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return lower.contains("password")
        || lower.contains("secret")
        || lower.contains("jaas")
        || lower.contains("token")
        || lower.contains("credential")
        || lower.endsWith(".key");
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    clientProperties.forEach((key, value) -> shown.put(key, isSecret(key) ? "[hidden]" : value));
    return "KafkaConnection[bootstrapServers="
        + bootstrapServers
        + ", clientProperties="
        + shown
        + "]";
  }
}
