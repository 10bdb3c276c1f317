package io.eventgateway.appfixture.grpc;

import io.eventgateway.appfixture.kafka.SomeKafkaThing;

/** Planted violation: one adapter depending on another. */
public final class AdapterCallingAnotherAdapter {
  public Object call() {
    return new SomeKafkaThing();
  }
}
