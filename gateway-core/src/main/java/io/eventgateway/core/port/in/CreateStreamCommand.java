package io.eventgateway.core.port.in;

import io.eventgateway.core.domain.Durability;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A request to declare a stream and create its topic.
 *
 * @param name the stream's name, as the client sent it
 * @param streamClass the class's name (events, raw, audit), as the client sent it
 * @param partitions the number of partitions; empty for the default
 * @param durability overrides the class's durability; empty for the class's
 */
public record CreateStreamCommand(
    String name, String streamClass, OptionalInt partitions, Optional<Durability> durability) {
  public CreateStreamCommand {
    Objects.requireNonNull(partitions, "partitions");
    Objects.requireNonNull(durability, "durability");
  }
}
