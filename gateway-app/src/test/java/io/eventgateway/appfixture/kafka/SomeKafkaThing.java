package io.eventgateway.appfixture.kafka;

/** An adapter class the planted violations depend on. */
public final class SomeKafkaThing {}
