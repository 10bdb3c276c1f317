/**
 * The gateway's domain: events (CloudEvents), streams and their classes, durability, and positions
 * in a stream's log. Values are immutable records or enums; nothing here knows of Kafka or gRPC.
 *
 * <p>{@link io.eventgateway.core.domain.ClusterObservation} and the records it holds describe the
 * log cluster as its operators see it (brokers, controller quorum, topics, partitions, log
 * directories, consumer groups and their lag), for metrics and status pages: every topic and group
 * of the cluster, not only the gateway's streams.
 */
package io.eventgateway.core.domain;
