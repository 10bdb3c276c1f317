/**
 * The cluster monitor port and what it observes: {@link
 * io.eventgateway.core.port.out.monitor.ClusterMonitor} gives the latest {@link
 * io.eventgateway.core.port.out.monitor.ClusterObservation} of the whole log cluster (brokers,
 * controller quorum, topics and partitions, log directories, every consumer group and its lag),
 * every topic and group of the cluster, not only the gateway's streams.
 *
 * <p>A port of its own package because no use case reads it: a Kafka adapter produces the
 * observations and the app's metrics and status page read them. The records are immutable and
 * validate in their constructors; an observation lists the parts it could not observe, whose fields
 * are then empty.
 */
package io.eventgateway.core.port.out.monitor;
