package io.eventgateway.core.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated CloudEvent as the gateway writes it: every required context attribute is present, the
 * extension attributes have CloudEvents names, and {@link #time()} is set.
 *
 * <p>Instances come from {@link io.eventgateway.core.application.EventValidator}; the compact
 * constructor only guards the invariants that no caller may break.
 *
 * @param id unique per source (never empty)
 * @param source where the event happened (never empty)
 * @param type the kind of event (never empty)
 * @param subject the entity the event is about; the default entity key (never empty)
 * @param time when the event happened (or when the gateway received it)
 * @param dataContentType media type of {@link #data()}, empty when the producer gave none
 * @param data the event's data
 * @param attributes CloudEvents extension attributes, by name
 */
public record Event(
    String id,
    String source,
    String type,
    String subject,
    Instant time,
    String dataContentType,
    Payload data,
    Map<String, String> attributes) {

  /** The extension attribute that, when present, replaces {@link #subject()} as entity key. */
  public static final String PARTITION_KEY_ATTRIBUTE = "partitionkey";

  public Event {
    requireText(id, "id");
    requireText(source, "source");
    requireText(type, "type");
    requireText(subject, "subject");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(dataContentType, "dataContentType");
    Objects.requireNonNull(data, "data");
    attributes = Map.copyOf(attributes);
  }

  /**
   * The entity key: events with the same key go to the same partition, in order. It is the {@code
   * partitionkey} attribute when present, the subject otherwise.
   */
  public String entityKey() {
    String partitionKey = attributes.get(PARTITION_KEY_ATTRIBUTE);
    return partitionKey != null ? partitionKey : subject;
  }

  /** The data content type, if the producer named one. */
  public Optional<String> contentType() {
    return dataContentType.isEmpty() ? Optional.empty() : Optional.of(dataContentType);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }
}
