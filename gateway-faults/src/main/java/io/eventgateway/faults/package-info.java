/**
 * The ground of the fault suites: a real Kafka cluster of separate OS processes on 127.0.0.1 and
 * the faults a test injects into it.
 *
 * <p>{@link io.eventgateway.faults.KafkaCluster} launches N (default 3) {@link
 * io.eventgateway.faults.ClusterNodeMain} JVMs, each a combined KRaft broker and controller, all of
 * them voters of a static quorum ({@code controller.quorum.voters}), formatted with one cluster id.
 * Topics get three replicas and need two in sync for {@code acks=all}; failure detection is tuned
 * down to seconds ({@link io.eventgateway.faults.ClusterNodeSettings#kafkaProperties()} says what
 * and why). Faults are signals to a node's process: SIGKILL, SIGTERM, SIGSTOP and SIGCONT; a killed
 * or terminated node restarts on the same ports with the same data.
 *
 * <p>Why processes and not brokers in the test JVM: a SIGKILL, a SIGSTOP or a JVM halt must hit one
 * node and nothing else, its sockets must close (or hang) as a real broker's do, and a node's GC or
 * its {@code Exit.halt} must not take the test with it.
 *
 * <p>Each node writes its log to {@code <base>/node-<id>/node.log}; the test JVM logs only which
 * fault was injected when. No node outlives its cluster: {@code close()}, a shutdown hook and the
 * node's own watch on its standard input see to that.
 */
package io.eventgateway.faults;
