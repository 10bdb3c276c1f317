package io.eventgateway.kafka.subscribe;

import io.eventgateway.core.port.out.EventSourceException;
import io.eventgateway.core.port.out.EventSourceException.Kind;
import org.apache.kafka.common.errors.RetriableException;

/** How a feed's failures become the port's: what reading a stream and its subscriber can throw. */
final class FeedFailures {
  private FeedFailures() {}

  /** Reading {@code stream} failed: UNAVAILABLE when Kafka may serve it later, FAILED otherwise. */
  static EventSourceException reading(String stream, Throwable failed) {
    if (failed instanceof RetriableException) {
      return new EventSourceException(
          Kind.UNAVAILABLE,
          "Kafka did not serve stream '"
              + stream
              + "' ("
              + describe(failed)
              + "); subscribe again later",
          failed);
    }
    return new EventSourceException(
        Kind.FAILED, "reading stream '" + stream + "' failed: " + describe(failed), failed);
  }

  /** The subscriber of {@code stream} threw {@code cause} while taking a delivery: FAILED. */
  static EventSourceException subscriber(String stream, Throwable cause) {
    return new EventSourceException(
        Kind.FAILED,
        "the subscriber of stream '"
            + stream
            + "' failed while taking a delivery: "
            + describe(cause),
        cause);
  }

  /** {@code SimpleName: message}, for messages and the log. */
  static String describe(Throwable error) {
    return error.getClass().getSimpleName() + ": " + error.getMessage();
  }

  /** The subscriber threw from {@code onNext}; carries what it threw. */
  static final class SubscriberFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SubscriberFailure(RuntimeException cause) {
      super(cause);
    }
  }
}
