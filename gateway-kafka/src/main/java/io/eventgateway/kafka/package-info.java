/**
 * The Kafka adapters of the gateway: the outbound ports of the core implemented on the Apache Kafka
 * client. One package per role:
 *
 * <ul>
 *   <li>{@link io.eventgateway.kafka.publish}: the {@code EventLog} port on Kafka producers;
 *   <li>{@link io.eventgateway.kafka.subscribe}: the {@code EventSource} port on Kafka consumers,
 *       and {@code RecentEvents}, the streams' recent past read back for deduplication;
 *   <li>{@link io.eventgateway.kafka.administration}: the administration ports on the Kafka admin
 *       client: {@code ClusterAdmin} (partitions, consumer groups, group resets), {@code
 *       StreamProvisioner} (the declared streams' topics) and {@code StreamRegistry} (streams
 *       created at run time);
 *   <li>{@link io.eventgateway.kafka.monitor}: the {@code ClusterMonitor} port (cluster health and
 *       consumer lag, for metrics and status pages);
 *   <li>{@link io.eventgateway.kafka.cloudevents}: events to Kafka records and back (CloudEvents
 *       binary mode), for publishing and subscribing.
 * </ul>
 *
 * <p>This package holds what they share: {@link io.eventgateway.kafka.KafkaConnection}, the cluster
 * and the raw client settings every Kafka client gets, and {@link
 * io.eventgateway.kafka.KafkaReachability}, whether the cluster answers. The adapters depend on the
 * core's domain and outbound ports only, never on its services or inbound ports, nor on other
 * adapters.
 *
 * <p>The embedded broker ({@code io.eventgateway.kafka.embedded}) is not here: it is the module
 * {@code gateway-kafka-embedded}, with the Kafka server and Scala jars it needs, so that this
 * module's classpath is the client's ({@code kafka-clients}).
 */
package io.eventgateway.kafka;
