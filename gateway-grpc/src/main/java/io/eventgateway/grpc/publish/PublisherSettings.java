package io.eventgateway.grpc.publish;

/**
 * Settings of {@link PublisherGrpcService}.
 *
 * @param maxInFlightPerCall most events one {@code PublishStream} call may have between their
 *     receipt and the hand-over of their responses to gRPC; the gateway asks gRPC for more events
 *     only below it. Larger values let one call keep more events in flight to Kafka; 1 makes the
 *     call strictly one-at-a-time.
 * @param maxInFlightBytesPerCall most bytes one {@code PublishStream} call may hold: the events it
 *     took and whose outcome is not known, plus {@code maxMessageBytes} for each event it asked
 *     gRPC for and has not received. At least {@code maxMessageBytes}
 * @param maxMessageBytes the largest request message the server accepts
 */
public record PublisherSettings(
    int maxInFlightPerCall, long maxInFlightBytesPerCall, long maxMessageBytes) {

  /** The largest allowed {@link #maxInFlightPerCall()}: more would defeat the bound's purpose. */
  public static final int LIMIT_MAX_IN_FLIGHT = 1 << 16;

  public PublisherSettings {
    if (maxInFlightPerCall < 1 || maxInFlightPerCall > LIMIT_MAX_IN_FLIGHT) {
      throw new IllegalArgumentException(
          "maxInFlightPerCall must be between 1 and "
              + LIMIT_MAX_IN_FLIGHT
              + ", was "
              + maxInFlightPerCall);
    }
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException(
          "maxMessageBytes must be positive, was " + maxMessageBytes);
    }
    if (maxInFlightBytesPerCall < maxMessageBytes) {
      throw new IllegalArgumentException(
          "maxInFlightBytesPerCall ("
              + maxInFlightBytesPerCall
              + ") must be at least maxMessageBytes ("
              + maxMessageBytes
              + ")");
    }
  }
}
