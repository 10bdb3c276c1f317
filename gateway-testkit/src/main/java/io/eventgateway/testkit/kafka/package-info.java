/**
 * A real Kafka cluster of separate OS processes on 127.0.0.1, and the faults a test injects into
 * it.
 *
 * <p>{@link io.eventgateway.testkit.kafka.KafkaCluster} launches N (default 3) {@link
 * io.eventgateway.testkit.kafka.ClusterNodeMain} JVMs, each a combined KRaft broker and controller,
 * all of them voters of a static quorum ({@code controller.quorum.voters}), formatted with one
 * cluster id. Topics get three replicas and need two in sync for {@code acks=all}; failure
 * detection is tuned down to seconds ({@code ClusterNodeSettings.kafkaProperties()} says what and
 * why). Faults are signals to a node's process: SIGKILL, SIGTERM, SIGSTOP and SIGCONT; a killed or
 * terminated node restarts on the same ports with the same data.
 *
 * <p>Why processes and not brokers in the test JVM: a SIGKILL, a SIGSTOP or a JVM halt must hit one
 * node and nothing else, its sockets must close (or hang) as a real broker's do, and a node's GC or
 * its {@code Exit.halt} must not take the test with it.
 *
 * <p>Each node writes its log to {@code <base>/node-<id>/node.log}. No node outlives its cluster:
 * {@code close()}, the shutdown hook of {@link io.eventgateway.testkit.process.JvmProcess} and the
 * node's own watch on its standard input see to that. Tests get a cluster through {@link
 * io.eventgateway.testkit.junit.KafkaClusterTest}.
 */
package io.eventgateway.testkit.kafka;
