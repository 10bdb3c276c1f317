package io.eventgateway.core.port.out;

/**
 * An append that did not succeed, with what the caller may conclude about the event.
 *
 * <p>Created without a stack trace: it is an expected, counted outcome, not a bug.
 */
public final class EventLogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What became of the event. */
  public enum Kind {
    /** The log could not take the event in time; it was definitely not written. Retry later. */
    UNAVAILABLE,
    /**
     * The write may or may not have happened (it timed out after being sent). Retry with the same
     * id.
     */
    OUTCOME_UNKNOWN,
    /** The log refuses the event because of its size. Not written; retrying will not help. */
    TOO_LARGE,
    /** Any other failure; not written. */
    FAILED
  }

  private final Kind kind;

  public EventLogException(Kind kind, String message, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
