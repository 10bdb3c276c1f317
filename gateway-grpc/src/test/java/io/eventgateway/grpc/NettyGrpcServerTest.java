package io.eventgateway.grpc;

import static io.eventgateway.grpc.testing.TestGateway.event;
import static io.eventgateway.grpc.testing.TestGateway.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.eventgateway.api.v1.AdminServiceGrpc;
import io.eventgateway.api.v1.Delivery;
import io.eventgateway.api.v1.ListStreamsRequest;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublishResult;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.api.v1.SubscribeRequest;
import io.eventgateway.api.v1.SubscriberServiceGrpc;
import io.eventgateway.api.v1.Subscription;
import io.eventgateway.core.application.EventValidator;
import io.eventgateway.core.application.PublishEventsService;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.testing.InMemoryEventLog;
import io.eventgateway.core.testing.TestLimits;
import io.eventgateway.grpc.testing.FakeAdmin;
import io.eventgateway.grpc.testing.FakeSubscribing;
import io.eventgateway.grpc.testing.FakeSubscribing.FakeSubscription;
import io.eventgateway.grpc.testing.Recorder;
import io.eventgateway.grpc.testing.TestGateway;
import io.eventgateway.grpc.testing.TestServerSettings;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway as production builds it: Netty on a loopback socket, on a port picked at start. */
class NettyGrpcServerTest {
  private static final int MAX_INBOUND_MESSAGE_BYTES = 2 * 1024 * 1024;

  private final InMemoryEventLog log = new InMemoryEventLog();
  private final FakeSubscribing subscribing = new FakeSubscribing();
  private final FakeAdmin admin = new FakeAdmin();
  private GrpcServer gateway;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws IOException {
    PublishEventsService publishing =
        new PublishEventsService(
            new StreamCatalog(List.of(TestGateway.ORDERS, TestGateway.AUDIT)),
            log,
            new EventValidator(TestLimits.TYPICAL),
            Clock.systemUTC());
    GrpcServerSettings settings =
        TestServerSettings.withMaxInboundMessageBytes(
                TestServerSettings.loopback(), MAX_INBOUND_MESSAGE_BYTES)
            .requireRoomForData(TestLimits.TYPICAL.maxDataBytes());
    gateway =
        GrpcServer.onNetty(
                settings,
                new UseCases(publishing, subscribing, admin, admin),
                TestServerSettings.budget())
            .start();
    channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", gateway.port(), InsecureChannelCredentials.create())
            .build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    gateway.close();
    subscribing.close();
  }

  @Test
  void publishesOnTheBoundPort() {
    assertThat(gateway.port()).isPositive();

    PublishResult result =
        PublisherServiceGrpc.newBlockingStub(channel)
            .publish(request("orders", event("e-1", "order-1")))
            .getResult();

    assertThat(result.getEventId()).isEqualTo("e-1");
    assertThat(result.getStatus().getCode()).isZero();
    assertThat(log.events("orders")).hasSize(1);
  }

  @Test
  void servesHealth() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);

    for (String service :
        List.of(
            "",
            "eventgateway.v1.PublisherService",
            "eventgateway.v1.SubscriberService",
            "eventgateway.v1.AdminService")) {
      assertThat(
              health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus())
          .as(service)
          .isEqualTo(ServingStatus.SERVING);
    }
  }

  @Test
  void servesReflection() throws InvalidProtocolBufferException {
    Recorder<ServerReflectionRequest, ServerReflectionResponse> responses = Recorder.reading();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel).serverReflectionInfo(responses);

    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onNext(
        ServerReflectionRequest.newBuilder()
            .setFileContainingSymbol(PublisherServiceGrpc.SERVICE_NAME)
            .build());
    requests.onCompleted();

    await().until(responses::completed);
    assertThat(responses.values().get(0).getListServicesResponse().getServiceList())
        .extracting(ServiceResponse::getName)
        .contains(
            "eventgateway.v1.PublisherService",
            "eventgateway.v1.SubscriberService",
            "eventgateway.v1.AdminService",
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection");
    List<String> files = new ArrayList<>();
    for (ByteString file :
        responses.values().get(1).getFileDescriptorResponse().getFileDescriptorProtoList()) {
      files.add(FileDescriptorProto.parseFrom(file).getName());
    }
    assertThat(files).contains("eventgateway/v1/publisher.proto");
  }

  @Test
  void aMessageOverTheInboundLimitIsRefusedByGrpc() {
    PublishRequest tooLarge =
        request(
            "orders",
            event("e-1", "order-1").toBuilder()
                .setData(ByteString.copyFrom(new byte[MAX_INBOUND_MESSAGE_BYTES + 1]))
                .build());

    StatusRuntimeException failure =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> PublisherServiceGrpc.newBlockingStub(channel).publish(tooLarge));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(log.appendCount()).isZero();
  }

  @Test
  void streamsManyEventsInOrder() {
    int events = 5_000;
    Recorder<PublishRequest, PublishResponse> responses = Recorder.reading();
    StreamObserver<PublishRequest> requests =
        PublisherServiceGrpc.newStub(channel).publishStream(responses);

    for (int i = 0; i < events; i++) {
      requests.onNext(request("orders", event("e-" + i, "order-" + (i % 11))));
    }
    requests.onCompleted();

    await().atMost(Duration.ofSeconds(30)).until(responses::ended);
    assertThat(responses.status().getCode()).isEqualTo(Status.Code.OK);
    assertThat(responses.values())
        .extracting(r -> r.getResult().getEventId())
        .containsExactlyElementsOf(IntStream.range(0, events).mapToObj(i -> "e-" + i).toList());
    assertThat(log.events("orders")).hasSize(events);
  }

  @Test
  void servesAdministration() {
    admin.streams(List.of(TestGateway.ORDERS));

    assertThat(
            AdminServiceGrpc.newBlockingStub(channel)
                .listStreams(ListStreamsRequest.getDefaultInstance())
                .getStreamsList())
        .extracting(io.eventgateway.api.v1.StreamDefinition::getName)
        .containsExactly("orders");
  }

  @Test
  void aSubscriberThatDoesNotReadStopsTheReadingAndLosesNothingWhenItReadsAgain() {
    int deliveries = 2_000;
    int dataBytes = 64 * 1024; // 128 MiB in all, far beyond what HTTP/2 flow control lets through
    Recorder<SubscribeRequest, Delivery> responses = Recorder.manualReading();
    StreamObserver<SubscribeRequest> requests =
        SubscriberServiceGrpc.newStub(channel)
            .withMaxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
            .subscribe(responses);
    responses.read(1);
    requests.onNext(
        SubscribeRequest.newBuilder()
            .setSubscribe(Subscription.newBuilder().setStream("orders"))
            .build());
    FakeSubscription subscription = subscribing.awaitSubscription(0);
    subscription.supply(deliveries, dataBytes);

    // the gateway stops asking the core once the transport's windows and buffers are full
    await().until(() -> responses.values().size() == 1);
    AtomicLong lastSeen = new AtomicLong(-1);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              long requested = subscription.requested();
              boolean stopped =
                  requested == lastSeen.getAndSet(requested)
                      && subscription.delivered() == requested;
              return stopped;
            });
    assertThat(subscription.requested()).isLessThan(deliveries / 4);

    responses.read(Integer.MAX_VALUE);

    await().atMost(Duration.ofSeconds(30)).until(() -> responses.values().size() == deliveries);
    assertThat(responses.values())
        .extracting(d -> d.getEvent().getId())
        .containsExactlyElementsOf(IntStream.range(0, deliveries).mapToObj(i -> "e-" + i).toList());
    assertThat(subscription.maxOutstanding())
        .isLessThanOrEqualTo(gateway.subscriber().orElseThrow().settings().deliveryBatch());
  }

  @Test
  void afterADrainNewCallsAreRefused() throws InterruptedException {
    PublisherServiceGrpc.PublisherServiceBlockingStub publisher =
        PublisherServiceGrpc.newBlockingStub(channel);
    publisher.publish(request("orders", event("e-1", "order-1")));

    assertThat(gateway.drain(Duration.ofSeconds(10))).isTrue();

    StatusRuntimeException failure =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> publisher.publish(request("orders", event("e-2", "order-1"))));
    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }
}
