package io.eventgateway.kafkafixture.core.port.in;

/** Plays an inbound port (a use case), for planted violations. */
public interface SomeUseCase {
  void publish();
}
