package io.eventgateway.grpc.publish;

import static io.eventgateway.grpc.testing.TestGateway.event;
import static io.eventgateway.grpc.testing.TestGateway.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublishResult;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.core.port.in.PublishBatchCommand;
import io.eventgateway.core.port.in.PublishCommand;
import io.eventgateway.core.port.in.PublishEventsUseCase;
import io.eventgateway.core.port.in.PublishOutcome;
import io.eventgateway.core.testing.InMemoryEventLog;
import io.eventgateway.grpc.testing.ControllableEventLog;
import io.eventgateway.grpc.testing.MessageCounter;
import io.eventgateway.grpc.testing.Recorder;
import io.eventgateway.grpc.testing.TestGateway;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code PublishStream} over a real (in-process) channel, wired as in production. */
class PublishStreamTest {
  private static final String PUBLISH_STREAM =
      PublisherServiceGrpc.getPublishStreamMethod().getFullMethodName();

  private TestGateway gateway;

  @AfterEach
  void close() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void responsesComeInSendOrderWhenAcknowledgementsDoNot() {
    ControllableEventLog log = new ControllableEventLog();
    gateway = TestGateway.builder().log(log).start();
    Recorder<PublishRequest, PublishResponse> responses = Recorder.reading();
    StreamObserver<PublishRequest> requests = gateway.async().publishStream(responses);

    List<String> subjects = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    for (int i = 0; i < subjects.size(); i++) {
      requests.onNext(request("orders", event("e-" + i, subjects.get(i))));
    }
    await().until(log::appendCount, count -> count == subjects.size());
    for (int i = subjects.size() - 1; i >= 1; i--) {
      log.acknowledge(i); // all but the first, last first
    }
    // nothing may be sent while the first event is not acknowledged
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> responses.values().isEmpty());
    log.acknowledge(0);
    requests.onCompleted();

    await().until(responses::completed);
    List<PublishResult> results =
        responses.values().stream().map(PublishResponse::getResult).toList();
    assertThat(results)
        .extracting(PublishResult::getEventId)
        .containsExactly("e-0", "e-1", "e-2", "e-3", "e-4", "e-5", "e-6", "e-7");
    for (int i = 0; i < results.size(); i++) {
      assertThat(results.get(i).getStatus().getCode()).isZero();
      assertThat(results.get(i).getPartition()).isEqualTo(log.append(i).position().partition());
      assertThat(results.get(i).getOffset()).isEqualTo(log.append(i).position().offset());
    }
  }

  @Test
  void aFailedEventGetsItsOwnResultAndTheCallStaysOpen() {
    InMemoryEventLog log = new InMemoryEventLog();
    gateway = TestGateway.over(log);
    Recorder<PublishRequest, PublishResponse> responses = Recorder.reading();
    StreamObserver<PublishRequest> requests = gateway.async().publishStream(responses);

    requests.onNext(request("nope", event("e-0", "order-1")));
    requests.onNext(request("orders", event("e-1", "order-1").toBuilder().clearSubject().build()));
    requests.onNext(
        request(
            "orders",
            event("e-2", "order-1").toBuilder()
                .setTime(Timestamp.newBuilder().setNanos(-5))
                .build()));
    requests.onNext(PublishRequest.newBuilder().setStream("orders").build());
    requests.onNext(request("orders", event("e-4", "order-1")));
    await().until(() -> responses.values().size() == 5);
    requests.onNext(request("orders", event("e-5", "order-1")));
    requests.onCompleted();

    await().until(responses::ended);
    assertThat(responses.status().getCode()).isEqualTo(Status.Code.OK);
    List<com.google.rpc.Status> statuses =
        responses.values().stream().map(r -> r.getResult().getStatus()).toList();
    assertThat(statuses)
        .extracting(com.google.rpc.Status::getCode)
        .containsExactly(
            Status.Code.NOT_FOUND.value(),
            Status.Code.INVALID_ARGUMENT.value(),
            Status.Code.INVALID_ARGUMENT.value(),
            Status.Code.INVALID_ARGUMENT.value(),
            0,
            0);
    assertThat(statuses)
        .extracting(com.google.rpc.Status::getMessage)
        .startsWith(
            "stream 'nope' is not a declared stream",
            "event.subject is required",
            "event.time has nanos -5; they must be between 0 and 999999999 (seconds 0)",
            "event is required",
            "");
    assertThat(responses.values().get(0).getResult().getStream()).isEqualTo("nope");
    assertThat(log.events("orders"))
        .extracting(stored -> stored.event().id())
        .containsExactly("e-4", "e-5");
  }

  @Test
  void anExceptionOfTheUseCaseFailsOnlyItsEvent() {
    gateway =
        TestGateway.builder()
            .decorate(
                useCase ->
                    new PublishEventsUseCase() {
                      @Override
                      public CompletionStage<PublishOutcome> publish(PublishCommand command) {
                        if (command.event().subject().equals("boom")) {
                          throw new IllegalStateException("boom");
                        }
                        return useCase.publish(command);
                      }

                      @Override
                      public CompletionStage<List<PublishOutcome>> publishBatch(
                          PublishBatchCommand command) {
                        return useCase.publishBatch(command);
                      }
                    })
            .start();
    Recorder<PublishRequest, PublishResponse> responses = Recorder.reading();
    StreamObserver<PublishRequest> requests = gateway.async().publishStream(responses);

    requests.onNext(request("orders", event("e-0", "boom")));
    requests.onNext(request("orders", event("e-1", "order-1")));
    requests.onCompleted();

    await().until(responses::ended);
    assertThat(responses.status().getCode()).isEqualTo(Status.Code.OK);
    assertThat(responses.values())
        .extracting(r -> r.getResult().getStatus().getCode())
        .containsExactly(Status.Code.INTERNAL.value(), 0);
  }

  @Test
  void flowControlKeepsAtMostMaxInFlightEventsUntilAcknowledged() {
    int maxInFlight = 8;
    int events = 10 * maxInFlight;
    InMemoryEventLog log = new InMemoryEventLog();
    MessageCounter handled = new MessageCounter(PUBLISH_STREAM);
    gateway = TestGateway.builder().log(log).maxInFlight(maxInFlight).intercept(handled).start();
    log.holdAcknowledgements();
    Recorder<PublishRequest, PublishResponse> responses = Recorder.reading();
    StreamObserver<PublishRequest> requests = gateway.async().publishStream(responses);

    for (int i = 0; i < events; i++) {
      requests.onNext(request("orders", event("e-" + i, "order-" + (i % 5))));
    }
    requests.onCompleted();

    await().until(log::appendCount, count -> count == maxInFlight);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> log.appendCount() == maxInFlight && handled.handled() == maxInFlight);
    assertThat(responses.values()).isEmpty();

    log.releaseAcknowledgements();

    await().until(responses::ended);
    assertThat(responses.status().getCode()).isEqualTo(Status.Code.OK);
    assertThat(responses.values())
        .extracting(r -> r.getResult().getEventId())
        .containsExactlyElementsOf(IntStream.range(0, events).mapToObj(i -> "e-" + i).toList());
    assertThat(responses.values()).allMatch(r -> r.getResult().getStatus().getCode() == 0);
    assertThat(log.events("orders")).hasSize(events);
  }

  @Test
  void aClientThatDoesNotReadIsNotReadFrom() {
    int maxInFlight = 8;
    int events = 10 * maxInFlight;
    InMemoryEventLog log = new InMemoryEventLog();
    gateway =
        TestGateway.builder()
            .log(log)
            .maxInFlight(maxInFlight)
            // the bound in events is the one tested: bytes for as many of the largest messages
            .inFlightBytesPerCall(maxInFlight * 8L * 1024 * 1024)
            .start();
    Recorder<PublishRequest, PublishResponse> responses = Recorder.manualReading();
    StreamObserver<PublishRequest> requests = gateway.async().publishStream(responses);

    for (int i = 0; i < events; i++) {
      requests.onNext(request("orders", event("e-" + i, "order-" + (i % 5))));
    }
    requests.onCompleted();

    // every event taken is acknowledged at once, but its response is not read: on the in-process
    // transport the server is not ready while the client has asked for no response
    await().until(log::appendCount, count -> count == maxInFlight);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> log.appendCount() == maxInFlight);
    assertThat(responses.values()).isEmpty();

    responses.read(Integer.MAX_VALUE);

    await().until(responses::ended);
    assertThat(responses.status().getCode()).isEqualTo(Status.Code.OK);
    assertThat(responses.values()).hasSize(events);
    assertThat(log.appendCount()).isEqualTo(events);
  }

  @Test
  void halfCloseCompletesTheCallAfterThePendingResponses() {
    InMemoryEventLog log = new InMemoryEventLog();
    gateway = TestGateway.over(log);
    log.holdAcknowledgements();
    Recorder<PublishRequest, PublishResponse> responses = Recorder.reading();
    StreamObserver<PublishRequest> requests = gateway.async().publishStream(responses);

    for (int i = 0; i < 3; i++) {
      requests.onNext(request("orders", event("e-" + i, "order-" + i)));
    }
    requests.onCompleted();
    await().until(() -> log.heldCount() == 3);
    assertThat(responses.signals()).isEmpty();

    log.releaseAcknowledgements();

    await().until(responses::ended);
    assertThat(responses.signals()).containsExactly("next", "next", "next", "completed");
    assertThat(gateway.gateway().publisher().openStreamCalls()).isZero();
  }

  @Test
  void aCancelledCallDropsItsPendingResponsesSafely() {
    InMemoryEventLog log = new InMemoryEventLog();
    gateway = TestGateway.over(log);
    log.holdAcknowledgements();
    Recorder<PublishRequest, PublishResponse> responses = Recorder.reading();
    StreamObserver<PublishRequest> requests = gateway.async().publishStream(responses);
    for (int i = 0; i < 3; i++) {
      requests.onNext(request("orders", event("e-" + i, "order-" + i)));
    }
    await().until(() -> log.heldCount() == 3);

    responses.cancel();
    await().until(() -> gateway.gateway().publisher().openStreamCalls() == 0);
    log.releaseAcknowledgements(); // late acknowledgements of a cancelled call

    assertThat(responses.status().getCode()).isEqualTo(Status.Code.CANCELLED);
    assertThat(responses.values()).isEmpty();
    // the gateway serves on
    Recorder<PublishRequest, PublishResponse> next = Recorder.reading();
    StreamObserver<PublishRequest> nextRequests = gateway.async().publishStream(next);
    nextRequests.onNext(request("orders", event("e-3", "order-3")));
    nextRequests.onCompleted();
    await().until(next::ended);
    assertThat(next.status().getCode()).isEqualTo(Status.Code.OK);
    assertThat(next.values()).hasSize(1);
    assertThat(log.events("orders")).hasSize(4);
  }

  @Test
  void manyCallsAtOnceEachGetTheirOwnResponsesInOrder() {
    InMemoryEventLog log = new InMemoryEventLog();
    gateway = TestGateway.builder().log(log).maxInFlight(16).start();
    int calls = 4;
    int eventsPerCall = 500;
    List<Recorder<PublishRequest, PublishResponse>> recorders =
        IntStream.range(0, calls)
            .mapToObj(i -> Recorder.<PublishRequest, PublishResponse>reading())
            .toList();

    for (int c = 0; c < calls; c++) {
      StreamObserver<PublishRequest> requests = gateway.async().publishStream(recorders.get(c));
      for (int i = 0; i < eventsPerCall; i++) {
        requests.onNext(request("orders", event(c + "-" + i, "order-" + (i % 7))));
      }
      requests.onCompleted();
    }

    for (int c = 0; c < calls; c++) {
      Recorder<PublishRequest, PublishResponse> recorder = recorders.get(c);
      await().until(recorder::ended);
      assertThat(recorder.status().getCode()).isEqualTo(Status.Code.OK);
      String prefix = c + "-";
      assertThat(recorder.values())
          .extracting(r -> r.getResult().getEventId())
          .containsExactlyElementsOf(
              IntStream.range(0, eventsPerCall).mapToObj(i -> prefix + i).toList());
    }
    assertThat(log.events("orders")).hasSize(calls * eventsPerCall);
  }
}
