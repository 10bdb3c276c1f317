package io.eventgateway.app.config;

import io.eventgateway.core.domain.ReplicationPolicy;
import io.eventgateway.core.domain.StreamDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The declared streams as stream definitions: replication from the stream or the deployment, each
 * name once, and no more replicas than the embedded broker can hold.
 */
final class StreamDeclarations {
  private StreamDeclarations() {}

  /**
   * {@code streams} with the replication each gets on the cluster {@code kafka} describes: the
   * deployment's where a stream sets none, with one replica of slack for {@code
   * min.insync.replicas}.
   *
   * @throws IllegalArgumentException naming the stream's place ({@code streams[2] (payments)})
   */
  static List<StreamConfig> withReplication(List<StreamConfig> streams, KafkaConfig kafka) {
    return definitions(streams, kafka).stream()
        .map(
            d ->
                new StreamConfig(
                    d.name(),
                    d.streamClass(),
                    d.partitions(),
                    d.durability(),
                    d.retention(),
                    (int) d.replicationFactor(),
                    d.minInsyncReplicas()))
        .toList();
  }

  /**
   * The definitions of {@code streams} on the cluster {@code kafka} describes.
   *
   * @throws IllegalArgumentException naming the stream's place ({@code streams[2] (payments)})
   */
  static List<StreamDefinition> definitions(List<StreamConfig> streams, KafkaConfig kafka) {
    ReplicationPolicy deployment = kafka.replicationPolicy();
    List<StreamDefinition> definitions = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int i = 0; i < streams.size(); i++) {
      StreamConfig stream = streams.get(i);
      String where = "streams[" + i + "] (" + stream.name() + ")";
      Integer earlier = seen.putIfAbsent(stream.name(), i);
      if (earlier != null) {
        throw new IllegalArgumentException(
            where + ": the stream is declared twice (first at streams[" + earlier + "])");
      }
      short factor =
          stream.replicationFactor() == null
              ? deployment.replicationFactor()
              : stream.replicationFactor().shortValue();
      if (kafka.embeddedBroker() && factor > 1) {
        throw new IllegalArgumentException(
            where
                + ": replication-factor "
                + factor
                + " needs a Kafka cluster of that many brokers; the embedded broker is one"
                + " (set kafka.bootstrap-servers to use a cluster)");
      }
      int minInsync =
          stream.minInsyncReplicas() == null
              ? KafkaConfig.Replication.withSlack(deployment.minInsyncReplicas(), factor)
              : stream.minInsyncReplicas();
      try {
        definitions.add(
            new StreamDefinition(
                stream.name(),
                stream.streamClass(),
                stream.partitions(),
                stream.durability(),
                stream.retention(),
                factor,
                minInsync));
      } catch (IllegalArgumentException invalid) {
        throw new IllegalArgumentException(where + ": " + invalid.getMessage(), invalid);
      }
    }
    return definitions;
  }
}
