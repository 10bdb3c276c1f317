package io.eventgateway.core.port.out;

/** The log refused or failed a read, or an administrative request on it. */
public final class EventSourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** A position outside the log, or a partition the stream does not have. */
    OUT_OF_RANGE,
    /** The stream's topic or the group does not exist. */
    NOT_FOUND,
    /** The group has live members, so its offsets cannot be changed. */
    GROUP_NOT_EMPTY,
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
