package io.eventgateway.kafka.publish;

import io.eventgateway.core.port.out.EventLogException;
import io.eventgateway.core.port.out.EventLogException.Kind;
import java.time.Duration;
import java.util.Locale;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Turns a producer's failure into an {@link EventLogException} that says what became of the event.
 * The rule that decides is where the failure happened:
 *
 * <ul>
 *   <li>{@link #notTaken}: the producer refused the record before adding it to a batch (send()
 *       threw, or completed the callback on the caller's thread). Nothing left the client, so the
 *       event was definitely not written: {@code TOO_LARGE}, {@code UNAVAILABLE} (time-outs,
 *       retriable errors, a closed log) or {@code FAILED}.
 *   <li>{@link #afterSend}: the record was in a batch and may have reached a broker, perhaps more
 *       than once. Only errors where the broker certainly refused the write are definite ({@code
 *       TOO_LARGE}; {@code FAILED} for authorization and invalid requests); everything else,
 *       time-outs and disconnects first, is {@code OUTCOME_UNKNOWN}.
 * </ul>
 *
 * Thread-safe (immutable).
 */
final class ProducerFailures {
  private final Duration maxBlock;
  private final Duration deliveryTimeout;

  /**
   * @param maxBlock the producers' effective {@code max.block.ms}, for messages
   * @param deliveryTimeout the producers' effective {@code delivery.timeout.ms}, for messages
   */
  ProducerFailures(Duration maxBlock, Duration deliveryTimeout) {
    this.maxBlock = maxBlock;
    this.deliveryTimeout = deliveryTimeout;
  }

  /** Kafka is known to be unreachable, so the event was not handed to a producer at all. */
  EventLogException unreachable(String stream, String why) {
    return new EventLogException(
        Kind.UNAVAILABLE,
        why + "; the event for stream '" + stream + "' was not written; retry later",
        null);
  }

  /** A failure before the record was added to a batch: the event was not written. */
  EventLogException notTaken(String stream, Throwable error) {
    if (error instanceof RecordTooLargeException) {
      return new EventLogException(
          Kind.TOO_LARGE,
          "the event is too large for Kafka's producer on stream '"
              + stream
              + "' ("
              + error.getMessage()
              + "); it was not written, and retrying will not help",
          error);
    }
    if (error instanceof BufferExhaustedException) {
      return new EventLogException(
          Kind.UNAVAILABLE,
          "the Kafka producer's buffer stayed full for "
              + format(maxBlock)
              + " (Kafka takes events more slowly than they arrive); the event for stream '"
              + stream
              + "' was not written; retry later",
          error);
    }
    if (error instanceof TimeoutException) {
      return new EventLogException(
          Kind.UNAVAILABLE,
          "Kafka did not take the event for stream '"
              + stream
              + "' within "
              + format(maxBlock)
              + ", the producer's max.block.ms ("
              + error.getMessage()
              + " The cluster may be unreachable or the topic missing); the event was not"
              + " written; retry later",
          error);
    }
    if (error instanceof InterruptException) {
      return new EventLogException(
          Kind.UNAVAILABLE,
          "interrupted while handing the event for stream '"
              + stream
              + "' to Kafka; it was not written",
          error);
    }
    if (error instanceof IllegalStateException) {
      return closed(stream);
    }
    if (error instanceof RetriableException) {
      return new EventLogException(
          Kind.UNAVAILABLE,
          "Kafka could not take the event for stream '"
              + stream
              + "' ("
              + describe(error)
              + "); it was not written; retry later",
          error);
    }
    return new EventLogException(
        Kind.FAILED,
        "Kafka refused the event for stream '"
            + stream
            + "' ("
            + describe(error)
            + "); it was not written",
        error);
  }

  /** A failure after the record was added to a batch: written only when the broker said so. */
  EventLogException afterSend(String stream, Throwable error) {
    if (error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException) {
      return new EventLogException(
          Kind.TOO_LARGE,
          "Kafka refused the event for stream '"
              + stream
              + "' as too large ("
              + error.getMessage()
              + "); it was not written, and retrying will not help",
          error);
    }
    if (error instanceof AuthorizationException
        || error instanceof AuthenticationException
        || error instanceof InvalidTopicException
        || error instanceof InvalidRecordException
        || error instanceof UnsupportedVersionException) {
      return new EventLogException(
          Kind.FAILED,
          "Kafka refused the event for stream '"
              + stream
              + "' ("
              + describe(error)
              + "); it was not written",
          error);
    }
    if (error instanceof TimeoutException) {
      return new EventLogException(
          Kind.OUTCOME_UNKNOWN,
          "Kafka did not acknowledge the event for stream '"
              + stream
              + "' within "
              + format(deliveryTimeout)
              + "; the event may have been written; retry with the same id",
          error);
    }
    return new EventLogException(
        Kind.OUTCOME_UNKNOWN,
        "Kafka did not acknowledge the event for stream '"
            + stream
            + "' ("
            + describe(error)
            + "); the event may have been written; retry with the same id",
        error);
  }

  /** The log was closed: the event was not written. */
  EventLogException closed(String stream) {
    return new EventLogException(
        Kind.UNAVAILABLE,
        "the Kafka event log is closed (the gateway is shutting down); the event for stream '"
            + stream
            + "' was not written",
        null);
  }

  /** An acknowledgement without an offset, which the adapter's producers never ask for. */
  EventLogException noOffset(String stream) {
    return new EventLogException(
        Kind.OUTCOME_UNKNOWN,
        "Kafka acknowledged the event for stream '"
            + stream
            + "' without its offset; the event may have been written; retry with the same id",
        null);
  }

  private static String describe(Throwable error) {
    return error.getClass().getSimpleName() + ": " + error.getMessage();
  }

  /** {@code 30 s}, {@code 1.5 s} or {@code 500 ms}. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    return millis % 1000 == 0
        ? millis / 1000 + " s"
        : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
