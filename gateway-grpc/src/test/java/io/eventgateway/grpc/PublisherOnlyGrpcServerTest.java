package io.eventgateway.grpc;

import static io.eventgateway.grpc.testing.TestGateway.event;
import static io.eventgateway.grpc.testing.TestGateway.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.eventgateway.api.v1.AdminServiceGrpc;
import io.eventgateway.api.v1.Delivery;
import io.eventgateway.api.v1.ListStreamsRequest;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.api.v1.SubscribeRequest;
import io.eventgateway.api.v1.SubscriberServiceGrpc;
import io.eventgateway.core.application.EventValidator;
import io.eventgateway.core.application.PublishEventsService;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.testing.InMemoryEventLog;
import io.eventgateway.core.testing.TestLimits;
import io.eventgateway.grpc.testing.Recorder;
import io.eventgateway.grpc.testing.TestGateway;
import io.eventgateway.grpc.testing.TestServerSettings;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A gateway built from a publish use case alone offers the publisher service only. */
class PublisherOnlyGrpcServerTest {
  private final InMemoryEventLog log = new InMemoryEventLog();
  private GrpcServer gateway;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws IOException {
    String name = InProcessServerBuilder.generateName();
    gateway =
        new GrpcServer(
                InProcessServerBuilder.forName(name),
                TestServerSettings.loopback(),
                new PublishEventsService(
                    new StreamCatalog(List.of(TestGateway.ORDERS)),
                    log,
                    new EventValidator(TestLimits.TYPICAL),
                    Clock.systemUTC()),
                TestServerSettings.budget())
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    gateway.close();
  }

  @Test
  void publishesAndAnswersUnimplementedForTheOtherServices() {
    PublisherServiceGrpc.newBlockingStub(channel).publish(request("orders", event("e-1", "o-1")));
    Recorder<SubscribeRequest, Delivery> deliveries = Recorder.reading();
    SubscriberServiceGrpc.newStub(channel)
        .subscribe(deliveries)
        .onNext(SubscribeRequest.getDefaultInstance());
    StatusRuntimeException admin =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                AdminServiceGrpc.newBlockingStub(channel)
                    .listStreams(ListStreamsRequest.getDefaultInstance()));

    assertThat(log.events("orders")).hasSize(1);
    await().until(deliveries::ended);
    assertThat(deliveries.status().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(admin.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(gateway.subscriber()).isEmpty();
    StatusRuntimeException unknownHealth =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                HealthGrpc.newBlockingStub(channel)
                    .check(
                        HealthCheckRequest.newBuilder()
                            .setService(SubscriberServiceGrpc.SERVICE_NAME)
                            .build()));
    assertThat(unknownHealth.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void drains() throws InterruptedException {
    assertThat(gateway.drain(Duration.ofSeconds(5))).isTrue();
  }
}
