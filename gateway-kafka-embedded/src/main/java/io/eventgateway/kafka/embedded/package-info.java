/**
 * A real single-node Kafka cluster (KRaft, broker and controller in one node) inside the gateway's
 * JVM, for running with no Kafka to connect to, and for tests.
 *
 * <p>It keeps its data in a directory across restarts and listens on 127.0.0.1 only. Starting and
 * stopping block (a few seconds each); the broker runs on its own threads.
 */
package io.eventgateway.kafka.embedded;
