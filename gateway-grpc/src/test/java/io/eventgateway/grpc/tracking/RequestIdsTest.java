package io.eventgateway.grpc.tracking;

import static io.eventgateway.grpc.testing.TestGateway.event;
import static io.eventgateway.grpc.testing.TestGateway.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.rpc.ErrorInfo;
import io.eventgateway.api.v1.DescribeStreamRequest;
import io.eventgateway.api.v1.PublishBatchRequest;
import io.eventgateway.api.v1.PublishBatchResponse;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublishResult;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.core.port.in.PublishBatchCommand;
import io.eventgateway.core.port.in.PublishCommand;
import io.eventgateway.core.port.in.PublishEventsUseCase;
import io.eventgateway.core.port.in.PublishOutcome;
import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.grpc.testing.Recorder;
import io.eventgateway.grpc.testing.TestGateway;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Request ids over a real (in-process) channel, wired as in production: the client's {@code
 * x-request-id} or a new one comes back in the response headers, is in the MDC while the use case
 * runs, and is in the {@code ErrorInfo} of every failure the gateway returns.
 */
class RequestIdsTest {
  private static final String CLIENT_ID = "client-req.42:a_b";

  /** What the use case saw in the MDC under request_id, per call of it. */
  private final List<String> seenInMdc = new CopyOnWriteArrayList<>();

  private final AtomicReference<Metadata> headers = new AtomicReference<>();
  private final AtomicReference<Metadata> trailers = new AtomicReference<>();
  private TestGateway gateway;

  @AfterEach
  void close() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void aFailedPublishCarriesTheClientsIdInItsHeadersAndInItsErrorInfo() {
    gateway = TestGateway.builder().start();

    StatusRuntimeException failure =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                blocking(CLIENT_ID)
                    .publish(
                        request("orders", event("e-1", "s").toBuilder().setSource("").build())));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(errorInfo(StatusProto.fromThrowable(failure)).getMetadataMap())
        .containsEntry("request_id", CLIENT_ID);
    // a call that ends without headers answers trailers-only: its trailers are its headers
    assertThat(responseId()).isEqualTo(CLIENT_ID);
  }

  @Test
  void aCallWithoutAnIdGetsANewOneOf16HexDigitsAndEachCallItsOwn() {
    gateway = watchingTheMdc();

    PublisherServiceGrpc.PublisherServiceBlockingStub stub = blocking(null);
    stub.publish(request("orders", event("e-1", "s")));
    String first = headers.get().get(RequestIds.HEADER);
    stub.publish(request("orders", event("e-2", "s")));
    String second = headers.get().get(RequestIds.HEADER);

    assertThat(first).matches("[0-9a-f]{16}");
    assertThat(second).matches("[0-9a-f]{16}").isNotEqualTo(first);
    assertThat(seenInMdc).containsExactly(first, second);
  }

  @Test
  void anIdThatIsTooLongOrHasOtherCharactersIsReplaced() {
    gateway = TestGateway.builder().start();

    for (String insane : List.of("a".repeat(65), "has space", "a/b", "x;y", "")) {
      blocking(insane).publish(request("orders", event("", "s")));
      assertThat(headers.get().get(RequestIds.HEADER)).as(insane).matches("[0-9a-f]{16}");
    }
    String longest = "a".repeat(RequestIds.MAX_LENGTH);
    blocking(longest).publish(request("orders", event("", "s")));
    assertThat(headers.get().get(RequestIds.HEADER)).isEqualTo(longest);
  }

  @Test
  void theUseCaseSeesTheIdInTheMdcOnEveryMessageOfAStream() {
    gateway = watchingTheMdc();
    Recorder<PublishRequest, PublishResponse> responses = Recorder.reading();
    StreamObserver<PublishRequest> requests = async(CLIENT_ID).publishStream(responses);
    for (int i = 0; i < 5; i++) {
      requests.onNext(request("orders", event("s-" + i, "s")));
    }
    requests.onNext(request("orders", event("bad", "s").toBuilder().setType("").build()));
    requests.onCompleted();
    await().atMost(Duration.ofSeconds(10)).until(responses::completed);

    // the refused event, too, reached the use case (the core validates it)
    assertThat(seenInMdc).hasSize(6).containsOnly(CLIENT_ID);
    PublishResult refused = responses.values().get(5).getResult();
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
    assertThat(errorInfo(refused.getStatus()).getMetadataMap())
        .containsEntry("request_id", CLIENT_ID);
    assertThat(headers.get().get(RequestIds.HEADER)).isEqualTo(CLIENT_ID);
  }

  @Test
  void everyCallbackRunsWithTheIdInTheMdcAndTheContextAndLeavesTheThreadClean() {
    List<String> seen = new CopyOnWriteArrayList<>();
    Runnable look = () -> seen.add(MDC.get("request_id") + "/" + RequestIds.current());
    ServerCallHandler<String, String> handler =
        (call, requestHeaders) -> {
          look.run();
          return new ServerCall.Listener<>() {
            @Override
            public void onMessage(String message) {
              look.run();
            }

            @Override
            public void onHalfClose() {
              look.run();
            }

            @Override
            public void onCancel() {
              look.run();
            }

            @Override
            public void onComplete() {
              look.run();
            }

            @Override
            public void onReady() {
              look.run();
            }
          };
        };

    ServerCall.Listener<String> listener =
        new RequestIds().interceptCall(new NoCall(), withId(CLIENT_ID), handler);
    assertThat(MDC.get("request_id")).isNull();
    listener.onReady();
    listener.onMessage("m");
    listener.onHalfClose();
    listener.onCancel();
    listener.onComplete();

    assertThat(seen).hasSize(6).containsOnly(CLIENT_ID + "/" + CLIENT_ID);
    assertThat(MDC.get("request_id")).isNull();
    assertThat(RequestIds.current()).isEmpty();
  }

  @Test
  void aBatchsRefusedEventsCarryTheIdInTheirErrorInfo() {
    gateway = TestGateway.builder().start();

    PublishBatchResponse response =
        blocking(CLIENT_ID)
            .publishBatch(
                PublishBatchRequest.newBuilder()
                    .setStream("orders")
                    .addEvents(event("ok", "s"))
                    .addEvents(event("bad", "s").toBuilder().setSource("").build())
                    .build());

    assertThat(response.getResults(0).getStatus().getCode()).isZero();
    assertThat(response.getResults(0).getStatus().getDetailsCount()).isZero();
    assertThat(errorInfo(response.getResults(1).getStatus()).getMetadataMap())
        .containsEntry("request_id", CLIENT_ID);
    assertThat(headers.get().get(RequestIds.HEADER)).isEqualTo(CLIENT_ID);
  }

  @Test
  void theAdminServiceAnswersWithTheIdToo() {
    gateway = TestGateway.builder().start();
    gateway
        .admin()
        .rejectWith(RequestFailure.of(RequestFailure.Kind.UNKNOWN_STREAM, "no such stream"));

    StatusRuntimeException failure =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                gateway
                    .adminBlocking()
                    .withInterceptors(
                        MetadataUtils.newAttachHeadersInterceptor(withId(CLIENT_ID)),
                        MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
                    .describeStream(DescribeStreamRequest.newBuilder().setStream("nope").build()));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(responseId()).isEqualTo(CLIENT_ID);
  }

  @Test
  void sanityOfIds() {
    assertThat(RequestIds.isSane("abc-DEF_0.9:x")).isTrue();
    assertThat(RequestIds.isSane("")).isFalse();
    assertThat(RequestIds.isSane(null)).isFalse();
    assertThat(RequestIds.isSane("a/b")).isFalse();
    assertThat(RequestIds.idFor("mine")).isEqualTo("mine");
    assertThat(RequestIds.idFor("not mine")).matches("[0-9a-f]{16}");
    assertThat(RequestIds.current()).as("outside a call").isEmpty();
  }

  /** A gateway whose use case records the MDC's request id on every publish. */
  private TestGateway watchingTheMdc() {
    return TestGateway.builder()
        .decorate(
            useCase ->
                new PublishEventsUseCase() {
                  @Override
                  public CompletionStage<PublishOutcome> publish(PublishCommand command) {
                    seenInMdc.add(String.valueOf(MDC.get("request_id")));
                    return useCase.publish(command);
                  }

                  @Override
                  public CompletionStage<List<PublishOutcome>> publishBatch(
                      PublishBatchCommand command) {
                    seenInMdc.add(String.valueOf(MDC.get("request_id")));
                    return useCase.publishBatch(command);
                  }
                })
        .start();
  }

  /** A server call that does nothing: the interceptor's listener alone is under test. */
  private static final class NoCall extends ServerCall<String, String> {
    @Override
    public void request(int numMessages) {}

    @Override
    public void sendHeaders(Metadata responseHeaders) {}

    @Override
    public void sendMessage(String message) {}

    @Override
    public void close(Status status, Metadata responseTrailers) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public MethodDescriptor<String, String> getMethodDescriptor() {
      throw new UnsupportedOperationException();
    }
  }

  private PublisherServiceGrpc.PublisherServiceBlockingStub blocking(String id) {
    return gateway
        .blocking()
        .withInterceptors(
            MetadataUtils.newAttachHeadersInterceptor(withId(id)),
            MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
  }

  private PublisherServiceGrpc.PublisherServiceStub async(String id) {
    return gateway
        .async()
        .withInterceptors(
            MetadataUtils.newAttachHeadersInterceptor(withId(id)),
            MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
  }

  /** The id the gateway answered with: in the headers, or the trailers of a trailers-only call. */
  private String responseId() {
    Metadata answered = headers.get();
    String id = answered == null ? null : answered.get(RequestIds.HEADER);
    return id != null ? id : trailers.get().get(RequestIds.HEADER);
  }

  private static Metadata withId(String id) {
    Metadata metadata = new Metadata();
    if (id != null) {
      metadata.put(RequestIds.HEADER, id);
    }
    return metadata;
  }

  private static ErrorInfo errorInfo(com.google.rpc.Status status) {
    try {
      return status.getDetailsList().stream()
          .filter(any -> any.is(ErrorInfo.class))
          .findFirst()
          .orElseThrow()
          .unpack(ErrorInfo.class);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
