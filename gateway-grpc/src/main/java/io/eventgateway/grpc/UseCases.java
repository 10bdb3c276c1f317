package io.eventgateway.grpc;

import io.eventgateway.core.port.in.ManageConsumerGroupsUseCase;
import io.eventgateway.core.port.in.ManageStreamsUseCase;
import io.eventgateway.core.port.in.PublishEventsUseCase;
import io.eventgateway.core.port.in.SubscribeUseCase;
import java.util.Objects;

/**
 * The core's use cases the {@link GrpcServer} offers, one gRPC service each (the admin service
 * takes two).
 *
 * @param publishing behind {@code eventgateway.v1.PublisherService}
 * @param subscribing behind {@code eventgateway.v1.SubscriberService}
 * @param streams behind the stream calls of {@code eventgateway.v1.AdminService}
 * @param groups behind the consumer group calls of {@code eventgateway.v1.AdminService}
 */
public record UseCases(
    PublishEventsUseCase publishing,
    SubscribeUseCase subscribing,
    ManageStreamsUseCase streams,
    ManageConsumerGroupsUseCase groups) {

  public UseCases {
    Objects.requireNonNull(publishing, "publishing");
    Objects.requireNonNull(subscribing, "subscribing");
    Objects.requireNonNull(streams, "streams");
    Objects.requireNonNull(groups, "groups");
  }
}
