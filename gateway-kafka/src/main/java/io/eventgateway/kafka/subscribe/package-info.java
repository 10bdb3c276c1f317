/**
 * The {@code EventSource} port on Kafka consumers: subscriptions read streams, with or without a
 * consumer group (ADR 006).
 *
 * <p>One consumer per open feed, and a few threads for all of them ({@code FeedPollers}): poller
 * threads ({@code esg-feed-poller-<n>}) run each feed in turns without blocking in Kafka, closer
 * threads ({@code esg-feed-closer-<n>}) end them; a consumer is touched by one thread at a time.
 * The feed is its subscriber's {@code DeliverySubscription}: requests for deliveries, bytes
 * allowed, acknowledgements and cancels come from other threads through thread-safe state (a credit
 * counter, a byte allowance, the core's {@code AckLedger}, a close flag) and wake its poller.
 *
 * <p>Ordering: within a partition, deliveries come in offset order; across partitions, in the order
 * Kafka returns them. With a group, a partition moves between members only through a rebalance,
 * after which its new owner starts from the committed offset: what was acknowledged (contiguously)
 * is never delivered again in that group, what was not is (at least once).
 *
 * <p>Flow control: a feed hands out nothing beyond the credit and the bytes its client allowed and,
 * without auto-ack, beyond its window of unacknowledged deliveries; it then pauses its partitions
 * and holds at most one poll's worth of records. Fetch sizes and {@code max.poll.records} follow
 * the subscriber's budget ({@code SubscriberBudget}), however slow the client.
 *
 * <p>Failures: {@code open} fails synchronously (UNKNOWN_STREAM, OUT_OF_RANGE, UNAVAILABLE, FAILED)
 * and starts nothing; once open, a feed ends exactly once: {@code onComplete} when cancelled,
 * {@code onError} with an {@code EventSourceException} (UNAVAILABLE, FAILED) otherwise.
 */
package io.eventgateway.kafka.subscribe;
