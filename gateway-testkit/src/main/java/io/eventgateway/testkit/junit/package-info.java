/**
 * JUnit 5 extensions over the test kit's resources: {@link
 * io.eventgateway.testkit.junit.KafkaBrokerExtension} gives a test an embedded broker in the test
 * JVM, shared by every class of the JVM, with plain-Kafka helpers (unique topics, read back);
 * {@link io.eventgateway.testkit.junit.KafkaClusterTest} gives a test class a 3-node cluster of
 * broker processes shared by every class of the run. JUnit is an optional dependency of the test
 * kit: only these classes need it, and the tests that use them have it.
 */
package io.eventgateway.testkit.junit;
