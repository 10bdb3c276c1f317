package io.eventgateway.core.port;

import io.eventgateway.core.domain.AckLedger;
import java.util.concurrent.Flow;

/**
 * A subscriber's handle on a stream of deliveries: a {@link Flow.Subscription} that also takes
 * acknowledgements. Both sides of subscribing speak it: the source hands one to the core ({@link
 * io.eventgateway.core.port.out.EventSource#open}) and the core hands one to the driving adapter
 * ({@link io.eventgateway.core.port.in.SubscribeUseCase#subscribe}), each through {@link
 * Flow.Subscriber#onSubscribe}, so a delivery, a request and an acknowledgement cross the core
 * without being declared again.
 *
 * <p>The subscriber's side, as Flow says and, where Flow leaves a choice, as follows:
 *
 * <ul>
 *   <li>{@code onSubscribe} with this subscription, once, on the thread that opens the
 *       subscription, before {@code open} or {@code subscribe} returns; nothing comes before it.
 *   <li>{@code onNext} only for what {@link #request} allowed, in offset order per partition, one
 *       at a time from a thread of the source's own, never from inside the subscriber's calls into
 *       this subscription. It must not block: the source stops reading while it waits, for this
 *       subscription and for others that share its thread (and, in a group, may be evicted for
 *       missing its poll deadline); it must not throw: that ends the subscription with a failure.
 *   <li>The end, exactly once and last: {@code onComplete} once the subscription was {@linkplain
 *       #cancel cancelled} and has committed what was acknowledged; {@code onError} when reading
 *       failed, with the failure type its port names.
 * </ul>
 *
 * <p>Thread-safe: the methods below may be called from any thread, also from inside {@code onNext}.
 */
public interface DeliverySubscription extends Flow.Subscription {

  /**
   * Allows {@code deliveries} more deliveries, on top of those allowed before (the sum saturates at
   * {@link Long#MAX_VALUE}). Nothing is delivered that was not allowed, so a subscriber that stops
   * asking stops the reading. {@code request(0)} does nothing.
   *
   * @throws IllegalArgumentException when {@code deliveries} is negative (Flow would end the
   *     subscription with it instead)
   */
  @Override
  void request(long deliveries);

  /**
   * Bounds in bytes what is handed out from now on, on top of what {@link #request} allows:
   * deliveries go out while those handed out since this call weigh less than {@code bytes} (so the
   * last one may pass it), each weighing its event's bytes as stored. Each call replaces the bound
   * before it: a subscriber calls it again once what it was handed left its hands (e.g. the
   * transport wrote it), which may let deliveries go out again. Until the first call there is no
   * bound in bytes.
   *
   * @throws IllegalArgumentException when {@code bytes} is not positive
   */
  void allowBytes(long bytes);

  /**
   * Acknowledges a delivery: with a group, its partition's committed offset advances once every
   * earlier delivery there was acknowledged (see {@link AckLedger}). Without auto-ack, an
   * acknowledgement also makes room in the window of unacknowledged deliveries.
   *
   * @return {@code ACKNOWLEDGED}; {@code IGNORED} when acknowledged before or when the partition
   *     was taken away by a rebalance; {@code NEVER_DELIVERED} when this subscription never
   *     delivered it (the core's subscription refuses that instead, see {@link
   *     io.eventgateway.core.port.in.SubscribeUseCase#subscribe})
   */
  AckLedger.AckResult acknowledge(int partition, long offset);

  /**
   * Ends the subscription: stops reading, commits what was acknowledged (with a group), leaves the
   * group, then completes the subscriber. Returns at once; idempotent.
   */
  @Override
  void cancel();
}
