package io.eventgateway.app.config;

import io.eventgateway.core.application.ManageStreamsService;
import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.StreamClass;
import java.time.Duration;

/**
 * One element of {@code streams}: a declared stream. Durability and retention left out take the
 * class's; replication left out takes the deployment's ({@link StreamDeclarations}).
 */
public record StreamConfig(
    @Setting(required = true, doc = "the stream's name, which is also its Kafka topic's name")
        String name,
    @Setting(
            name = "class",
            required = true,
            doc = "the stream's class, which sets the defaults below")
        StreamClass streamClass,
    @Setting(
            value = "" + ManageStreamsService.DEFAULT_PARTITIONS,
            min = "1",
            doc = "number of partitions of the topic")
        int partitions,
    @Setting(derived = "the class's", doc = "`standard` or `critical`; see durability")
        Durability durability,
    @Setting(
            derived = "the class's",
            min = "1ms",
            doc = "how long Kafka keeps the events (`retention.ms`)")
        Duration retention,
    @Setting(
            derived = "`kafka.replication.factor` (1 with the embedded broker)",
            min = "1",
            max = "32767",
            doc = "this stream's replication factor")
        Integer replicationFactor,
    @Setting(
            derived =
                "`kafka.replication.min-insync-replicas`, lowered to keep one replica of slack",
            min = "1",
            doc = "this stream's `min.insync.replicas`, 1 to the stream's factor")
        Integer minInsyncReplicas) {

  public StreamConfig {
    if (durability == null) {
      durability = streamClass.defaultDurability();
    }
    if (retention == null) {
      retention = streamClass.defaultRetention();
    }
  }
}
