package io.eventgateway.grpc.subscribe;

import io.eventgateway.core.port.SubscriberBudget;
import java.util.Objects;

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
 *     was sent. Larger values save round trips to the core; 1 makes the call ask for each delivery
 *     on its own. What a call holds for a client that stops reading is bounded in bytes by {@code
 *     budget}, whatever the batch.
 * @param budget what one subscriber may make the gateway hold; the call allows the core its {@link
 *     SubscriberBudget#transportBytes()} of deliveries each time gRPC took what it was handed
 * @param maxPerConnection {@code Subscribe} calls open at once on one connection, at most (key
 *     {@value #MAX_PER_CONNECTION_KEY}); more are refused with RESOURCE_EXHAUSTED
 * @param maxSubscriptions {@code Subscribe} calls open at once on the gateway, at most (key {@value
 *     #MAX_SUBSCRIPTIONS_KEY}); more are refused with RESOURCE_EXHAUSTED
 */
public record SubscriberSettings(
    int deliveryBatch, SubscriberBudget budget, int maxPerConnection, int maxSubscriptions) {

  /** The default of {@link #deliveryBatch()}. */
  public static final int DEFAULT_DELIVERY_BATCH = 64;

  /** The largest allowed {@link #deliveryBatch()}: more would defeat the bound's purpose. */
  public static final int LIMIT_DELIVERY_BATCH = 10_000;

  /** The default of {@link #maxPerConnection()}. */
  public static final int DEFAULT_MAX_PER_CONNECTION = 100;

  /** The default of {@link #maxSubscriptions()}. */
  public static final int DEFAULT_MAX_SUBSCRIPTIONS = 4096;

  /** The configuration key of {@link #maxPerConnection()}, which refusals name. */
  public static final String MAX_PER_CONNECTION_KEY = "subscribe.max-per-connection";

  /** The configuration key of {@link #maxSubscriptions()}, which refusals name. */
  public static final String MAX_SUBSCRIPTIONS_KEY = "subscribe.max-subscriptions";

  /** The budget of {@link #DEFAULTS}: the default bytes, for records up to 1 MiB. */
  public static final SubscriberBudget DEFAULT_BUDGET =
      new SubscriberBudget(SubscriberBudget.DEFAULT_MAX_BUFFERED_BYTES, 1024 * 1024);

  /** All defaults. */
  public static final SubscriberSettings DEFAULTS = new SubscriberSettings(DEFAULT_DELIVERY_BATCH);

  public SubscriberSettings {
    if (deliveryBatch < 1 || deliveryBatch > LIMIT_DELIVERY_BATCH) {
      throw new IllegalArgumentException(
          "deliveryBatch must be between 1 and " + LIMIT_DELIVERY_BATCH + ", was " + deliveryBatch);
    }
    Objects.requireNonNull(budget, "budget");
    if (maxPerConnection < 1) {
      throw new IllegalArgumentException(
          "maxPerConnection must be positive, was " + maxPerConnection);
    }
    if (maxSubscriptions < 1) {
      throw new IllegalArgumentException(
          "maxSubscriptions must be positive, was " + maxSubscriptions);
    }
  }

  /** {@code deliveryBatch}, with the other settings at their defaults. */
  public SubscriberSettings(int deliveryBatch) {
    this(deliveryBatch, DEFAULT_BUDGET, DEFAULT_MAX_PER_CONNECTION, DEFAULT_MAX_SUBSCRIPTIONS);
  }
}
