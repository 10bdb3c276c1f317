package io.eventgateway.grpc.subscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventgateway.api.v1.Delivery;
import io.eventgateway.api.v1.SubscribeRequest;
import io.eventgateway.api.v1.SubscriberServiceGrpc;
import io.eventgateway.api.v1.Subscription;
import io.eventgateway.core.application.EventValidator;
import io.eventgateway.core.application.PublishEventsService;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.testing.InMemoryEventLog;
import io.eventgateway.core.testing.TestLimits;
import io.eventgateway.grpc.GrpcServer;
import io.eventgateway.grpc.UseCases;
import io.eventgateway.grpc.testing.FakeAdmin;
import io.eventgateway.grpc.testing.FakeSubscribing;
import io.eventgateway.grpc.testing.Recorder;
import io.eventgateway.grpc.testing.TestGateway;
import io.eventgateway.grpc.testing.TestServerSettings;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The limits on open {@code Subscribe} calls, per connection and on the gateway, on Netty over
 * loopback: two channels are two connections.
 */
class SubscriptionLimitsTest {
  private final FakeSubscribing subscribing = new FakeSubscribing();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private GrpcServer gateway;

  @BeforeEach
  void start() throws IOException {
    PublishEventsService publishing =
        new PublishEventsService(
            new StreamCatalog(List.of(TestGateway.ORDERS)),
            new InMemoryEventLog(),
            new EventValidator(TestLimits.TYPICAL),
            Clock.systemUTC());
    FakeAdmin admin = new FakeAdmin();
    gateway =
        GrpcServer.onNetty(
                TestServerSettings.withServices(
                    TestServerSettings.loopback(),
                    TestServerSettings.loopback().publisher(),
                    new SubscriberSettings(8, SubscriberSettings.DEFAULT_BUDGET, 2, 3)),
                new UseCases(publishing, subscribing, admin, admin),
                TestServerSettings.budget())
            .start();
  }

  @AfterEach
  void stop() {
    channels.forEach(ManagedChannel::shutdownNow);
    gateway.close();
    subscribing.close();
  }

  private ManagedChannel connect() {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", gateway.port(), InsecureChannelCredentials.create())
            .build();
    channels.add(channel);
    return channel;
  }

  private static Recorder<SubscribeRequest, Delivery> subscribe(ManagedChannel channel) {
    Recorder<SubscribeRequest, Delivery> responses = Recorder.reading();
    StreamObserver<SubscribeRequest> requests =
        SubscriberServiceGrpc.newStub(channel).subscribe(responses);
    requests.onNext(
        SubscribeRequest.newBuilder()
            .setSubscribe(Subscription.newBuilder().setStream(TestGateway.ORDERS.name()))
            .build());
    return responses;
  }

  @Test
  void callsOverTheLimitOfAConnectionAreRefusedNamingIt() {
    ManagedChannel first = connect();
    subscribe(first);
    subscribe(first);
    subscribing.awaitSubscription(1);

    Recorder<SubscribeRequest, Delivery> third = subscribe(first);

    await().until(third::ended);
    assertThat(third.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(third.status().getDescription())
        .startsWith("subscribe.max-per-connection (2) reached");
    // another connection still may
    Recorder<SubscribeRequest, Delivery> elsewhere = subscribe(connect());
    subscribing.awaitSubscription(2);
    assertThat(elsewhere.ended()).isFalse();
  }

  @Test
  void callsOverTheLimitOfTheGatewayAreRefusedNamingItAndAPlaceFreedIsTakenAgain() {
    ManagedChannel first = connect();
    ManagedChannel second = connect();
    Recorder<SubscribeRequest, Delivery> one = subscribe(first);
    subscribe(first);
    subscribe(second);
    subscribing.awaitSubscription(2);

    Recorder<SubscribeRequest, Delivery> fourth = subscribe(second);

    await().until(fourth::ended);
    assertThat(fourth.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(fourth.status().getDescription())
        .startsWith("subscribe.max-subscriptions (3) reached");
    assertThat(subscribing.commands()).hasSize(3);

    one.cancel();
    // the three calls reach the use case in any order: one of them is cancelled
    await()
        .until(
            () ->
                IntStream.range(0, 3).anyMatch(i -> subscribing.awaitSubscription(i).cancelled()));
    // the place is free once the gateway has seen the cancel; a call before that is refused
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Recorder<SubscribeRequest, Delivery> again = subscribe(second);
              await()
                  .atMost(Duration.ofSeconds(5))
                  .until(() -> again.ended() || subscribing.commands().size() > 3);
              assertThat(again.ended()).isFalse();
            });
    assertThat(subscribing.commands()).hasSize(4);
  }
}
