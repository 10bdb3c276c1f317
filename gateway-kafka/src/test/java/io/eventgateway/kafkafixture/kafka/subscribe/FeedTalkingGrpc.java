package io.eventgateway.kafkafixture.kafka.subscribe;

import io.eventgateway.kafkafixture.grpc.SomeGrpcService;

/** A planted violation, in a sub-package: a Kafka adapter class that calls the gRPC adapter. */
public final class FeedTalkingGrpc {
  public void deliver() {
    new SomeGrpcService().send();
  }
}
