package io.eventgateway.core.port.in;

/** Reading streams, alone or in consumer groups. */
public interface SubscribeUseCase {

  /**
   * Opens a subscription that delivers to {@code subscriber}.
   *
   * @throws RequestRejectedException INVALID_ARGUMENT for a malformed command (naming the field),
   *     NOT_FOUND for an undeclared stream, OUT_OF_RANGE for a start outside the log, UNAVAILABLE
   *     when the log cannot be reached, SHUTTING_DOWN once the gateway stops
   */
  Subscription subscribe(SubscribeCommand command, Subscriber subscriber);
}
