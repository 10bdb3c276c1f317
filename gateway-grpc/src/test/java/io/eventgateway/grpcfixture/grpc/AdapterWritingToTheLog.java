package io.eventgateway.grpcfixture.grpc;

import io.eventgateway.grpcfixture.core.port.out.SomeLog;

/** A planted violation: a gRPC adapter class that writes to the log, bypassing the use case. */
public final class AdapterWritingToTheLog {
  public void handle(SomeLog log) {
    log.append();
  }
}
