package io.eventgateway.appfixture.core.domain;

import io.eventgateway.appfixture.kafka.SomeKafkaThing;

/** Planted violation: the domain reaching for an adapter. */
public final class LeakyDomain {
  public Object leak() {
    return new SomeKafkaThing();
  }
}
