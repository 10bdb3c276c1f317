/**
 * The Kafka adapters of the gateway: the outbound ports of the core implemented on Apache Kafka,
 * and the embedded single-node broker.
 *
 * <ul>
 *   <li>{@link io.eventgateway.kafka.cloudevents}: events to Kafka records and back (CloudEvents
 *       binary mode);
 *   <li>{@link io.eventgateway.kafka.publish}: the {@code EventLog} port on Kafka producers;
 *   <li>{@link io.eventgateway.kafka.administration}: the {@code StreamProvisioner} port on the
 *       Kafka admin client;
 *   <li>{@link io.eventgateway.kafka.embedded}: a real KRaft broker inside the gateway's JVM.
 * </ul>
 *
 * <p>This package holds what they share: {@link io.eventgateway.kafka.KafkaConnection}, the cluster
 * and the raw client settings every Kafka client gets. The adapters depend on the core's domain and
 * outbound ports only, never on its services or inbound ports, nor on other adapters.
 */
package io.eventgateway.kafka;
