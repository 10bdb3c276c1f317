package io.eventgateway.grpcfixture.grpc;

import io.eventgateway.grpcfixture.core.application.SomeService;

/** A planted violation: a gRPC adapter class that calls a service instead of a use case. */
public final class AdapterUsingAService {
  private final SomeService service = new SomeService();

  public void handle() {
    service.publish();
  }
}
