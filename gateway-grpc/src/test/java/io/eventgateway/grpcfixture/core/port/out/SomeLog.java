package io.eventgateway.grpcfixture.core.port.out;

/** Plays an outbound port, for planted violations. */
public interface SomeLog {
  void append();
}
