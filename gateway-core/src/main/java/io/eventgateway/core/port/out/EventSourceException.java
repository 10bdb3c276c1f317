package io.eventgateway.core.port.out;

/**
 * The log refused or failed a read: opening a feed of a stream, a feed that ends, or reading its
 * recent events. Administrative requests fail with a {@link ClusterAdminException}.
 */
public final class EventSourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** A position outside the log, or a partition the stream does not have. */
    OUT_OF_RANGE,
    /** The stream has no storage in the log: its topic does not exist. */
    UNKNOWN_STREAM,
    /** The log could not be reached in time. */
    UNAVAILABLE,
    /** Any other failure. */
    FAILED
  }

  private final Kind kind;

  public EventSourceException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public EventSourceException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
