/**
 * How an event looks on Kafka: the CloudEvents Kafka protocol binding in binary mode (key = entity
 * key, value = data, attributes as {@code ce_*} headers, {@code content-type}), in both directions,
 * so any CloudEvents-aware Kafka client reads what the gateway writes and the gateway reads what
 * others write.
 *
 * <p>Pure functions: no I/O, no state, thread-safe. Writing keeps the data without copying it;
 * reading never fails, whatever the record's headers.
 */
package io.eventgateway.kafka.cloudevents;
