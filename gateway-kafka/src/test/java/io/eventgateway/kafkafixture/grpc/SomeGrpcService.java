package io.eventgateway.kafkafixture.grpc;

/** Plays a class of the gRPC adapter, for planted violations. */
public final class SomeGrpcService {
  public void send() {}
}
