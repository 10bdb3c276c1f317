package io.eventgateway.core.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * A declared stream and everything needed to keep its topic as declared.
 *
 * @param name the stream's name, which is also its topic's name
 * @param streamClass the class that gave the defaults
 * @param partitions number of partitions (the unit of order and of consumer parallelism)
 * @param durability how events are acknowledged
 * @param retention how long events are kept
 * @param replicationFactor copies of each partition
 * @param minInsyncReplicas copies that must have a critical event before it is acknowledged
 */
public record StreamDefinition(
    String name,
    StreamClass streamClass,
    int partitions,
    Durability durability,
    Duration retention,
    short replicationFactor,
    int minInsyncReplicas) {

  public StreamDefinition {
    StreamNames.problemWith(name)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("stream name " + problem);
            });
    Objects.requireNonNull(streamClass, "streamClass");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(retention, "retention");
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "stream '" + name + "': partitions must be at least 1, was " + partitions);
    }
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException(
          "stream '" + name + "': retention must be positive, was " + retention);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "stream '" + name + "': replication factor must be at least 1, was " + replicationFactor);
    }
    if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
      throw new IllegalArgumentException(
          "stream '"
              + name
              + "': min.insync.replicas must be between 1 and the replication factor "
              + replicationFactor
              + ", was "
              + minInsyncReplicas);
    }
  }
}
