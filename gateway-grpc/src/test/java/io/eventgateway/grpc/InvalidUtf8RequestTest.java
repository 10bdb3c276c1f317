package io.eventgateway.grpc;

import static io.eventgateway.grpc.InvalidUtf8LocatorTest.CESU8_SURROGATE;
import static io.eventgateway.grpc.InvalidUtf8LocatorTest.corrupt;
import static io.eventgateway.grpc.testing.TestGateway.event;
import static io.eventgateway.grpc.testing.TestGateway.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.rpc.BadRequest;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishBatchRequest;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.core.application.EventValidator;
import io.eventgateway.core.application.PublishEventsService;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.testing.InMemoryEventLog;
import io.eventgateway.core.testing.TestLimits;
import io.eventgateway.grpc.testing.FakeAdmin;
import io.eventgateway.grpc.testing.FakeSubscribing;
import io.eventgateway.grpc.testing.TestGateway;
import io.eventgateway.grpc.testing.TestServerSettings;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests whose string fields are not UTF-8, sent as raw bytes over Netty on a loopback socket:
 * protobuf refuses such a message as a whole, and the gateway names the field at fault.
 */
class InvalidUtf8RequestTest {
  private final InMemoryEventLog log = new InMemoryEventLog();
  private final FakeSubscribing subscribing = new FakeSubscribing();
  private final FakeAdmin admin = new FakeAdmin();
  private GrpcServer gateway;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws IOException {
    PublishEventsService publishing =
        new PublishEventsService(
            new StreamCatalog(List.of(TestGateway.ORDERS)),
            log,
            new EventValidator(TestLimits.TYPICAL),
            Clock.systemUTC());
    gateway =
        GrpcServer.onNetty(
                TestServerSettings.loopback(),
                new UseCases(publishing, subscribing, admin, admin),
                TestServerSettings.budget())
            .start();
    channel = channelTo(gateway.port());
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    gateway.close();
    subscribing.close();
  }

  private static ManagedChannel channelTo(int port) {
    return Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
        .build();
  }

  @Test
  void grpcJavaAloneAnswersUnknownWithoutNamingTheField() throws Exception {
    // what the gateway would answer without RequestParsing: grpc-java's parse fails with
    // INTERNAL "Invalid protobuf byte sequence" on the server, and the call ends UNKNOWN
    Server plain =
        Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
            .addService(
                new PublisherServiceGrpc.PublisherServiceImplBase() {
                  @Override
                  public void publish(
                      PublishRequest request, StreamObserver<PublishResponse> response) {
                    response.onNext(PublishResponse.getDefaultInstance());
                    response.onCompleted();
                  }
                })
            .build()
            .start();
    ManagedChannel toPlain = channelTo(plain.getPort());
    try {
      Status status = unary(toPlain, PublisherServiceGrpc.getPublishMethod(), badSource());

      assertThat(status.getCode()).as("%s", status).isEqualTo(Status.Code.UNKNOWN);
      assertThat(status.getDescription()).doesNotContain("source");
    } finally {
      toPlain.shutdownNow();
      plain.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void publishNamesTheEventFieldWithABadRequestDetail() {
    StatusRuntimeException failure =
        unaryFailure(channel, PublisherServiceGrpc.getPublishMethod(), badSource());

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(failure.getStatus().getDescription())
        .startsWith("event.source is not valid UTF-8")
        .contains("eventgateway.v1.PublishRequest");
    BadRequest detail = badRequest(failure);
    assertThat(detail.getFieldViolations(0).getField()).isEqualTo("event.source");
    assertThat(log.events("orders")).isEmpty();
  }

  @Test
  void publishNamesAnAttributeByItsKey() {
    PublishRequest request =
        request("orders", event("e-1", "s").toBuilder().putAttributes("tenant", "@").build());

    Status status =
        unary(
            channel,
            PublisherServiceGrpc.getPublishMethod(),
            corrupt(request, "@", new byte[] {(byte) 0xff}));

    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).startsWith("event.attributes.tenant is not valid UTF-8");
  }

  @Test
  void aBatchWithOneBadStringFailsWholeNamingTheEventsIndex() {
    PublishBatchRequest.Builder batch = PublishBatchRequest.newBuilder().setStream("orders");
    for (int i = 0; i < 5; i++) {
      Event event = event("b-" + i, "s-" + i);
      batch.addEvents(i == 3 ? event.toBuilder().setType("@@@").build() : event);
    }

    Status status =
        unary(
            channel,
            PublisherServiceGrpc.getPublishBatchMethod(),
            corrupt(batch.build(), "@@@", CESU8_SURROGATE));

    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription())
        .startsWith("events[3].type is not valid UTF-8")
        .contains("eventgateway.v1.PublishBatchRequest")
        .contains("nothing in this message was read or written");
    assertThat(log.events("orders")).as("no event of the batch").isEmpty();
  }

  @Test
  void aBadMessageInAPublishStreamEndsTheCallNamingTheFieldAfterTheEventsBeforeIt()
      throws Exception {
    MethodDescriptor<byte[], byte[]> raw =
        PublisherServiceGrpc.getPublishStreamMethod().toBuilder(BYTES, BYTES).build();
    ClientCall<byte[], byte[]> call = channel.newCall(raw, CallOptions.DEFAULT);
    CompletableFuture<Status> ended = new CompletableFuture<>();
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onClose(Status status, Metadata trailers) {
            ended.complete(status);
          }
        },
        new Metadata());
    call.request(10);
    call.sendMessage(request("orders", event("before", "s-1")).toByteArray());
    await().until(() -> log.events("orders").size() == 1);
    call.sendMessage(badSource());

    Status status = ended.get(30, TimeUnit.SECONDS);

    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).startsWith("event.source is not valid UTF-8");
    assertThat(log.events("orders")).hasSize(1);
  }

  @Test
  void aCompressedMessageGetsProtobufsReasonWithoutThePath() {
    // a decompressing stream cannot be read twice, so the field cannot be found
    Status status =
        unary(
            channel,
            PublisherServiceGrpc.getPublishMethod(),
            badSource(),
            CallOptions.DEFAULT.withCompression("gzip"));

    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription())
        .contains("eventgateway.v1.PublishRequest")
        .contains("invalid UTF-8");
  }

  /** A Publish request whose event's source is an unpaired surrogate in CESU-8. */
  private static byte[] badSource() {
    return corrupt(
        request("orders", event("e-1", "s").toBuilder().setSource("@@@").build()),
        "@@@",
        CESU8_SURROGATE);
  }

  private static Status unary(
      ManagedChannel channel, MethodDescriptor<?, ?> method, byte[] message) {
    return unary(channel, method, message, CallOptions.DEFAULT);
  }

  private static Status unary(
      ManagedChannel channel, MethodDescriptor<?, ?> method, byte[] message, CallOptions options) {
    try {
      ClientCalls.blockingUnaryCall(
          channel,
          method.toBuilder(BYTES, BYTES).build(),
          options.withDeadlineAfter(30, TimeUnit.SECONDS),
          message);
      return Status.OK;
    } catch (StatusRuntimeException failed) {
      return failed.getStatus();
    }
  }

  private static StatusRuntimeException unaryFailure(
      ManagedChannel channel, MethodDescriptor<?, ?> method, byte[] message) {
    try {
      ClientCalls.blockingUnaryCall(
          channel,
          method.toBuilder(BYTES, BYTES).build(),
          CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
          message);
    } catch (StatusRuntimeException failed) {
      return failed;
    }
    throw new AssertionError("the call succeeded");
  }

  private static BadRequest badRequest(StatusRuntimeException failure) {
    com.google.rpc.Status status = StatusProto.fromThrowable(failure);
    assertThat(status).isNotNull();
    return status.getDetailsList().stream()
        .filter(any -> any.is(BadRequest.class))
        .map(
            any -> {
              try {
                return any.unpack(BadRequest.class);
              } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError(e);
              }
            })
        .findFirst()
        .orElseThrow();
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
}
