/**
 * The {@code ClusterMonitor} port on Kafka: {@link
 * io.eventgateway.kafka.monitor.KafkaClusterMonitor} observes the whole cluster (brokers,
 * controller quorum, partition health, log directories) and the lag of every consumer group on it,
 * in records and in time, for metrics and status pages.
 *
 * <p>Design: one admin client and one consumer (no group) per monitor, used by one refresh at a
 * time; a daemon thread refreshes every interval, each refresh bounded by a timeout and made of a
 * fixed handful of batched admin requests (never one per group or per partition). Each part of a
 * refresh can fail alone: the others are kept and the failure is reported, not thrown. Readers get
 * the last observation without blocking.
 *
 * <p>Who does what: the monitor schedules refreshes and publishes their results; {@code
 * ClusterRefresh} sends one refresh's requests, phase by phase, within its {@code Attempt}'s
 * deadline, with {@code MinIsrCache} remembering the topics' {@code min.insync.replicas}; {@code
 * TimeLagReader} reads the records behind time lags; {@code ObservationAssembler} turns the answers
 * into the port's records (pure functions); {@code PartFailures} logs the parts that start or stop
 * failing and keeps the last error.
 */
package io.eventgateway.kafka.monitor;
