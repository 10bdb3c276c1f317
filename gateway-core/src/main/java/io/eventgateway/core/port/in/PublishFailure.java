package io.eventgateway.core.port.in;

import java.util.Objects;

/**
 * Why an event, or a whole request, was not published.
 *
 * @param reason the kind of failure, which decides the status a client sees
 * @param field the request field at fault, in the API's names relative to the event ({@code
 *     subject}, {@code attributes.foo}, {@code data}) or {@code stream}; empty when no field is
 * @param description what is wrong, to follow the field's name ("is required")
 */
public record PublishFailure(Reason reason, String field, String description) {

  /** Kinds of failure. */
  public enum Reason {
    /** The event or request is malformed; sending it again will fail again. */
    INVALID_ARGUMENT,
    /** The stream is not declared. */
    UNKNOWN_STREAM,
    /** The log could not take the event in time; it was not written. Safe to retry. */
    UNAVAILABLE,
    /** The write may have happened; retry with the same event id. */
    OUTCOME_UNKNOWN,
    /** The gateway is shutting down and takes no new events; nothing was written. */
    SHUTTING_DOWN,
    /** A gateway limit was reached; nothing was written. */
    OVERLOADED,
    /**
     * Another event with different content was published on the stream with the same id, within the
     * deduplication window; this one was not written.
     */
    ID_CONFLICT,
    /** An unexpected failure; nothing was written. */
    INTERNAL
  }

  public PublishFailure {
    Objects.requireNonNull(reason, "reason");
    field = field == null ? "" : field;
    Objects.requireNonNull(description, "description");
  }

  /** A failure of the request as a whole, not of one field. */
  public static PublishFailure of(Reason reason, String description) {
    return new PublishFailure(reason, "", description);
  }

  /** "field description", or the description alone when no field is at fault. */
  public String message() {
    return field.isEmpty() ? description : field + " " + description;
  }
}
