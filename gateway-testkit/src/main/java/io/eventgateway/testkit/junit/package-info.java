/**
 * JUnit 5 extensions over the test kit's resources: {@link
 * io.eventgateway.testkit.junit.KafkaClusterTest} gives a test class a 3-node cluster shared by
 * every class of the run. JUnit is an optional dependency of the test kit: only these classes need
 * it, and the tests that use them have it.
 */
package io.eventgateway.testkit.junit;
