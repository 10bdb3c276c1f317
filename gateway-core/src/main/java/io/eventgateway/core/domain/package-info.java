/**
 * The gateway's domain: events (CloudEvents), streams and their classes, durability, positions in a
 * stream's log, and the consumer groups and partitions the admin use cases describe. Values are
 * immutable records or enums; nothing here knows of Kafka or gRPC.
 *
 * <p>What a cluster monitor observes for metrics and status pages is not here: no use case reads
 * it, so it belongs to its port, {@link io.eventgateway.core.port.out.monitor}.
 */
package io.eventgateway.core.domain;
