/**
 * The administration ports on the Kafka admin client, all failing with a {@code
 * ClusterAdminException}:
 *
 * <ul>
 *   <li>{@link io.eventgateway.kafka.administration.KafkaClusterAdmin}, the {@code ClusterAdmin}: a
 *       stream's partitions and their offsets, a consumer group's state, members and committed
 *       offsets, and group resets ({@code GroupReset}), only while the group has no live members;
 *   <li>{@link io.eventgateway.kafka.administration.KafkaStreamProvisioner}, the {@code
 *       StreamProvisioner}: creates the declared streams' topics, aligns what can change safely
 *       (retention, min in-sync replicas, a {@code max.message.bytes} too small for the largest
 *       valid event), and reports what it must not change (partitions, replication factor);
 *   <li>{@link io.eventgateway.kafka.administration.KafkaStreamRegistry}, the {@code
 *       StreamRegistry}: the streams created at run time, as records of a compacted topic that
 *       every instance follows.
 * </ul>
 *
 * <p>Blocking, each call bounded by one timeout for all its requests ({@code AdminCalls}); meant
 * for start-up and for administrative calls, never for the publish path. Safe to run from several
 * gateway instances at once: a topic another instance created first counts as existing.
 */
package io.eventgateway.kafka.administration;
