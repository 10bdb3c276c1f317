/**
 * {@code esg bench}: the gateway beside a bare Kafka producer, on the same broker, in one run (see
 * {@code docs/performance.md}).
 *
 * <p>Parts: {@link io.eventgateway.bench.BenchCommand} checks its {@link
 * io.eventgateway.bench.BenchOptions}, starts a {@link io.eventgateway.bench.BenchRig} (the broker,
 * the gateway, the topics) and runs a {@link io.eventgateway.bench.BenchRun} on it (both sides),
 * whose {@link io.eventgateway.bench.Summary} it prints.
 *
 * <p>Processes: the bench JVM runs the load generators and the direct producer; the broker ({@link
 * io.eventgateway.bench.BrokerMain}) and the gateway ({@code esg.jar serve}) run as child JVMs
 * ({@link io.eventgateway.bench.ChildJvms}, on the test kit's {@code JvmProcess}; the gateway is
 * ready when its {@code /health/ready} answers 200), so their CPU is read per process from {@code
 * /proc/<pid>/stat} ({@link io.eventgateway.bench.ProcStat}).
 *
 * <p>Threading: each load ({@link io.eventgateway.bench.Load}) has its own sender threads, paced by
 * a {@link io.eventgateway.bench.Pacer} and bounded by a semaphore of events or calls in flight;
 * acknowledgements arrive on the Kafka producer's or gRPC's threads and are recorded in a
 * thread-safe {@link io.eventgateway.bench.Measurement}. Only events whose intended send time falls
 * in the measured window count.
 */
package io.eventgateway.bench;
