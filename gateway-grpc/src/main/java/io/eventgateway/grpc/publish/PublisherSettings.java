package io.eventgateway.grpc.publish;

/**
 * Settings of {@link PublisherGrpcService}.
 *
 * @param maxInFlightPerCall most events one {@code PublishStream} call may have between their
 *     receipt and the hand-over of their responses to gRPC. It bounds the gateway's memory per
 *     call: the gateway asks gRPC for more events only below it. Larger values let one call keep
 *     more events in flight to Kafka; 1 makes the call strictly one-at-a-time.
 */
public record PublisherSettings(int maxInFlightPerCall) {

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
  }
}
