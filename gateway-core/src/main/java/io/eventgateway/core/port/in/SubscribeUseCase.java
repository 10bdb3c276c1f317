package io.eventgateway.core.port.in;

import io.eventgateway.core.domain.Delivery;
import io.eventgateway.core.port.DeliverySubscription;
import java.util.concurrent.Flow;

/** Reading streams, alone or in consumer groups. */
public interface SubscribeUseCase {

  /**
   * Opens a subscription for {@code subscriber}, which it hands a {@link DeliverySubscription}
   * before returning; nothing is delivered before the subscriber's first {@link
   * DeliverySubscription#request request}.
   *
   * <p>Once open, the subscription ends with {@code onComplete} after it was cancelled, by the
   * subscriber or by the gateway shutting down, or with {@code onError} and a {@link
   * RequestRejectedException} whose failure says why (for example UNAVAILABLE when the log stopped
   * serving the read). Its {@link DeliverySubscription#acknowledge acknowledge} never answers
   * {@code NEVER_DELIVERED}: it throws {@link RequestRejectedException} INVALID_ARGUMENT naming
   * {@code offset} instead.
   *
   * @throws RequestRejectedException INVALID_ARGUMENT for a malformed command (naming the field),
   *     UNKNOWN_STREAM for an undeclared stream, OUT_OF_RANGE for a start outside the log,
   *     UNAVAILABLE when the log cannot be reached, SHUTTING_DOWN once the gateway stops. The
   *     subscriber is then not called at all.
   */
  void subscribe(SubscribeCommand command, Flow.Subscriber<? super Delivery> subscriber);
}
