package io.eventgateway.kafka.publish;

import io.eventgateway.core.domain.StreamDefinition;

/**
 * Told how long each event {@link KafkaEventLog} wrote took, from the append to Kafka's
 * acknowledgement: for metrics. Called on the producer's network thread, before the append's stage
 * completes, once per written event (not for failures); it must be quick and must not block.
 */
@FunctionalInterface
public interface WriteTimes {
  /** Times nobody wants. */
  WriteTimes NONE = (stream, nanos) -> {};

  /** {@code stream}'s event was written {@code nanos} after its append. */
  void written(StreamDefinition stream, long nanos);
}
