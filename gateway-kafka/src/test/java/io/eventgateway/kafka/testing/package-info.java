/**
 * Test support of the Kafka adapters' tests: {@link
 * io.eventgateway.kafka.testing.TestPublisherSettings}, producer settings a test changes one at a
 * time. The tests' broker is the test kit's ({@code
 * io.eventgateway.testkit.junit.KafkaBrokerExtension}).
 */
package io.eventgateway.kafka.testing;
