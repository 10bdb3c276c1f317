package io.eventgateway.grpcfixture.core.application;

/** Plays an application service, for planted violations. */
public final class SomeService {
  public void publish() {}
}
