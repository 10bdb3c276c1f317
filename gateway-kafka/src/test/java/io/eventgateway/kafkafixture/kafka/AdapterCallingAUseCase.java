package io.eventgateway.kafkafixture.kafka;

import io.eventgateway.kafkafixture.core.port.in.SomeUseCase;

/** A planted violation: a Kafka adapter class that drives the core through a use case. */
public final class AdapterCallingAUseCase {
  private final SomeUseCase useCase;

  public AdapterCallingAUseCase(SomeUseCase useCase) {
    this.useCase = useCase;
  }

  public void onRecord() {
    useCase.publish();
  }
}
