package io.eventgateway.grpcfixture.core.port.out;

/** Plays an outbound port that reads the log, for planted violations. */
public interface SomeSource {
  void open();
}
