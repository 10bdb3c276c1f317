/**
 * Test support shared through this module's test-jar: {@link
 * io.eventgateway.kafka.testing.KafkaBrokerExtension} gives any test a real Kafka broker (one per
 * JVM, started lazily, stopped at the end of the run) and plain-Kafka helpers to create topics and
 * read them back.
 */
package io.eventgateway.kafka.testing;
