/**
 * The ports: {@code in}, the use cases the driving adapters call, and {@code out}, what the core
 * needs from the outside world. {@link io.eventgateway.core.port.DeliverySubscription} belongs to
 * both: a subscription's deliveries, demand and acknowledgements pass from the source through the
 * core to the driving adapter as one {@link java.util.concurrent.Flow} vocabulary.
 */
package io.eventgateway.core.port;
