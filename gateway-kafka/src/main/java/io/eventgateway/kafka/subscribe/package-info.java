/**
 * The {@code EventSource} port on Kafka consumers: subscriptions read streams, with or without a
 * consumer group (ADR 006).
 *
 * <p>One consumer and one thread per open feed ({@code esg-feed-<stream>-<n>}); the consumer is
 * touched by that thread only. The feed is its subscriber's {@code DeliverySubscription}: requests
 * for deliveries, acknowledgements and cancels come from other threads through thread-safe state (a
 * credit counter, the core's {@code AckLedger}, a close flag); the feed thread parks while it may
 * not deliver and is woken by them.
 *
 * <p>Ordering: within a partition, deliveries come in offset order; across partitions, in the order
 * Kafka returns them. With a group, a partition moves between members only through a rebalance,
 * after which its new owner starts from the committed offset: what was acknowledged (contiguously)
 * is never delivered again in that group, what was not is (at least once).
 *
 * <p>Flow control: a feed hands out nothing beyond the credit its client gave and, without
 * auto-ack, beyond its window of unacknowledged deliveries; it then pauses its partitions and holds
 * at most one poll's worth of records ({@code max.poll.records}), however slow the client.
 *
 * <p>Failures: {@code open} fails synchronously (UNKNOWN_STREAM, OUT_OF_RANGE, UNAVAILABLE, FAILED)
 * and starts nothing; once open, a feed ends exactly once: {@code onComplete} when cancelled,
 * {@code onError} with an {@code EventSourceException} (UNAVAILABLE, FAILED) otherwise.
 */
package io.eventgateway.kafka.subscribe;
