package io.eventgateway.grpc.mapping;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/**
 * Maps between {@code google.protobuf.Timestamp} and {@link Instant}, for every service: an event's
 * time and a delivery's, a subscription's start time, a group reset's target time. Stateless and
 * thread-safe.
 */
public final class TimeMapper {

  /** 0001-01-01T00:00:00Z, the earliest valid {@code google.protobuf.Timestamp}. */
  public static final Instant MIN_TIME = Instant.parse("0001-01-01T00:00:00Z");

  /** 9999-12-31T23:59:59.999999999Z, the latest valid {@code google.protobuf.Timestamp}. */
  public static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private static final int MAX_NANOS = 999_999_999;

  private TimeMapper() {}

  /**
   * {@code timestamp} as an instant.
   *
   * @throws InvalidTimeException when it is outside {@link #MIN_TIME} to {@link #MAX_TIME} or its
   *     nanos are outside 0 to 999,999,999; the caller names the field
   */
  public static Instant toInstant(Timestamp timestamp) {
    long seconds = timestamp.getSeconds();
    int nanos = timestamp.getNanos();
    if (nanos < 0 || nanos > MAX_NANOS) {
      throw new InvalidTimeException(
          "has nanos "
              + nanos
              + "; they must be between 0 and "
              + MAX_NANOS
              + " (seconds "
              + seconds
              + ")");
    }
    if (seconds < MIN_TIME.getEpochSecond() || seconds > MAX_TIME.getEpochSecond()) {
      throw new InvalidTimeException(
          "is out of range: seconds "
              + seconds
              + " is not between "
              + MIN_TIME
              + " and "
              + MAX_TIME
              + " ("
              + MIN_TIME.getEpochSecond()
              + " to "
              + MAX_TIME.getEpochSecond()
              + ")");
    }
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** {@code instant} as a {@code google.protobuf.Timestamp}. */
  public static Timestamp toTimestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  /**
   * A timestamp that is not a valid time; its message says what is wrong, to follow the field's
   * name ("is out of range: ..."). Has no stack trace: it becomes the client's INVALID_ARGUMENT.
   */
  public static final class InvalidTimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidTimeException(String description) {
      super(description, null, false, false);
    }

    /** What is wrong, to follow the field's name. */
    public String description() {
      return getMessage();
    }
  }
}
