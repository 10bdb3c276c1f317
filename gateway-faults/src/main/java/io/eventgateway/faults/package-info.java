/**
 * The fault suite: the gateway as its own process ({@link io.eventgateway.faults.GatewayNode}) in
 * front of a real 3-node KRaft cluster of broker processes ({@link
 * io.eventgateway.testkit.kafka.KafkaCluster}, from the test kit), clients that keep a ledger of
 * what they sent and what was acknowledged ({@link io.eventgateway.faults.LedgerClient}), the
 * faults each {@link io.eventgateway.faults.Scenario} injects while they publish, and the {@link
 * io.eventgateway.faults.Checker} that accounts for every event read back afterwards. One scenario
 * attacks instead of breaking: {@link io.eventgateway.faults.HostileClients} runs clients aimed at
 * the gateway's memory limits while {@link io.eventgateway.faults.MemoryWatch} keeps the maxima of
 * its memory from {@code /metrics}, and {@link io.eventgateway.faults.HostileOutcome} says whether
 * the budgets held.
 *
 * <p>Why processes and not brokers in the test JVM: a SIGKILL, a SIGSTOP or a JVM halt must hit one
 * node and nothing else, its sockets must close (or hang) as a real broker's do, and a node's GC or
 * its {@code Exit.halt} must not take the test with it. The same holds for the gateway.
 *
 * <p>Each node writes its log to {@code <base>/node-<id>/node.log} and the gateway to {@code
 * gateway.log} in its directory; the test JVM logs only which fault was injected when.
 */
package io.eventgateway.faults;
