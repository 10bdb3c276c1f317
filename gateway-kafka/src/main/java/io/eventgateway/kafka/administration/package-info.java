/**
 * The {@code StreamProvisioner} port on the Kafka admin client: creates the declared streams'
 * topics, aligns what can change safely (retention, min in-sync replicas, a {@code
 * max.message.bytes} too small for the largest valid event), and reports what it must not change
 * (partitions, replication factor).
 *
 * <p>Blocking, bounded by a timeout; meant for start-up and for administrative calls, never for the
 * publish path. Safe to run from several gateway instances at once: a topic another instance
 * created first counts as existing.
 */
package io.eventgateway.kafka.administration;
