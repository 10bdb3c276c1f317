package io.eventgateway.grpc.subscribe;

/**
 * Settings of {@link SubscriberGrpcService}.
 *
 * <p>The subscription's own window ({@code max_unacknowledged}: its default of 1000 and its limit
 * of 10000) is the core's, not a setting of this adapter: the adapter hands the client's value on
 * unchanged, 0 meaning the core's default.
 *
 * @param deliveryBatch deliveries one {@code Subscribe} call asks the core for at a time (default
 *     {@value #DEFAULT_DELIVERY_BATCH}). The call tops the deliveries asked for but not yet
 *     received up to this number once half of them came, and only while the client reads what it
 *     was sent, so it bounds what the gateway holds for a client that stops reading: beyond what
 *     gRPC's flow control lets through, at most this many deliveries. Larger values cost memory per
 *     slow client and save round trips to the core; 1 makes the call ask for each delivery on its
 *     own.
 */
public record SubscriberSettings(int deliveryBatch) {

  /** The default of {@link #deliveryBatch()}. */
  public static final int DEFAULT_DELIVERY_BATCH = 64;

  /** The largest allowed {@link #deliveryBatch()}: more would defeat the bound's purpose. */
  public static final int LIMIT_DELIVERY_BATCH = 10_000;

  /** All defaults. */
  public static final SubscriberSettings DEFAULTS = new SubscriberSettings(DEFAULT_DELIVERY_BATCH);

  public SubscriberSettings {
    if (deliveryBatch < 1 || deliveryBatch > LIMIT_DELIVERY_BATCH) {
      throw new IllegalArgumentException(
          "deliveryBatch must be between 1 and " + LIMIT_DELIVERY_BATCH + ", was " + deliveryBatch);
    }
  }
}
