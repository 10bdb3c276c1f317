package io.eventgateway.core.port.in;

import io.eventgateway.core.domain.PartitionState;
import io.eventgateway.core.domain.StreamDefinition;
import java.util.List;

/**
 * A declared stream and the state of its partitions.
 *
 * @param definition how it is declared
 * @param partitions each partition's offsets and replicas, by partition number
 */
public record StreamDescription(StreamDefinition definition, List<PartitionState> partitions) {
  public StreamDescription {
    partitions = List.copyOf(partitions);
  }
}
