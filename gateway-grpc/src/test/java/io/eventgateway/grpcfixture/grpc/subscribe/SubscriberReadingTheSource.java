package io.eventgateway.grpcfixture.grpc.subscribe;

import io.eventgateway.grpcfixture.core.port.out.SomeSource;

/**
 * A planted violation in a sub-package of the adapter: a subscriber service that reads the log
 * itself, bypassing the subscribe use case.
 */
public final class SubscriberReadingTheSource {
  public void subscribe(SomeSource source) {
    source.open();
  }
}
