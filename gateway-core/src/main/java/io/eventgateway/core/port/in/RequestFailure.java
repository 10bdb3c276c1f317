package io.eventgateway.core.port.in;

import java.util.Objects;

/**
 * Why a subscribe or administration request was refused or ended.
 *
 * @param kind the kind of failure, which decides the status a client sees
 * @param field the request field at fault, in the API's names; empty when no field is
 * @param description what is wrong, to follow the field's name ("is required")
 */
public record RequestFailure(Kind kind, String field, String description) {

  /** Kinds of failure. */
  public enum Kind {
    /** The request is malformed; sending it again will fail again. */
    INVALID_ARGUMENT,
    /** The stream is not declared, or the cluster has no topic for it. */
    UNKNOWN_STREAM,
    /** What the request would create exists already. */
    ALREADY_EXISTS,
    /** The system is not in a state that allows the request, e.g. a group with live members. */
    FAILED_PRECONDITION,
    /** A position outside the log. */
    OUT_OF_RANGE,
    /** The log cannot be reached in time. Safe to retry. */
    UNAVAILABLE,
    /** The gateway is shutting down. Retry on another instance. */
    SHUTTING_DOWN,
    /** An unexpected failure. */
    INTERNAL
  }

  public RequestFailure {
    Objects.requireNonNull(kind, "kind");
    field = field == null ? "" : field;
    Objects.requireNonNull(description, "description");
  }

  /** A failure of the request as a whole, not of one field. */
  public static RequestFailure of(Kind kind, String description) {
    return new RequestFailure(kind, "", description);
  }

  /** "field description", or the description alone when no field is at fault. */
  public String message() {
    return field.isEmpty() ? description : field + " " + description;
  }
}
