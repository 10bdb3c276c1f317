package io.eventgateway.grpc.publish;

import static io.eventgateway.grpc.testing.TestGateway.event;
import static io.eventgateway.grpc.testing.TestGateway.request;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublishResult;
import io.eventgateway.core.domain.Payload;
import io.eventgateway.core.port.in.PublishBatchCommand;
import io.eventgateway.core.port.in.PublishCommand;
import io.eventgateway.core.port.in.PublishEventsUseCase;
import io.eventgateway.core.port.in.PublishOutcome;
import io.eventgateway.core.port.out.EventLogException;
import io.eventgateway.core.testing.InMemoryEventLog;
import io.eventgateway.core.testing.InMemoryEventLog.StoredEvent;
import io.eventgateway.grpc.testing.TestGateway;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code Publish} over a real (in-process) channel, wired as in production. */
class PublishTest {
  private final InMemoryEventLog log = new InMemoryEventLog();
  private TestGateway gateway;

  @AfterEach
  void close() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void publishReturnsWhereTheEventWasWrittenAndTheGeneratedId() {
    gateway = TestGateway.over(log);

    PublishResponse response = gateway.blocking().publish(request("orders", event("", "order-7")));

    PublishResult result = response.getResult();
    assertThat(UUID.fromString(result.getEventId()).version()).isEqualTo(4);
    assertThat(result.getStream()).isEqualTo("orders");
    assertThat(result.getPartition()).isEqualTo(InMemoryEventLog.partitionOf("order-7", 3));
    assertThat(result.getOffset()).isZero();
    assertThat(result.hasStatus()).isTrue();
    assertThat(result.getStatus().getCode()).isEqualTo(Status.Code.OK.value());
    List<StoredEvent> stored = log.events("orders");
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).event().id()).isEqualTo(result.getEventId());
    assertThat(stored.get(0).event().subject()).isEqualTo("order-7");
  }

  @Test
  void publishKeepsTheEventAsSent() {
    gateway = TestGateway.over(log);
    Instant time = Instant.parse("2024-05-01T12:30:45.123456789Z");
    Event event =
        event("e-1", "order-1").toBuilder()
            .setTime(
                Timestamp.newBuilder().setSeconds(time.getEpochSecond()).setNanos(time.getNano()))
            .putAttributes("tenant", "acme")
            .setData(ByteString.copyFromUtf8("{\"total\":3}"))
            .build();

    gateway.blocking().publish(request("orders", event));
    PublishResult second =
        gateway.blocking().publish(request("orders", event("e-2", "order-1"))).getResult();

    assertThat(second.getEventId()).isEqualTo("e-2");
    assertThat(second.getOffset()).isEqualTo(1);
    var stored = log.events("orders").get(0).event();
    assertThat(stored.id()).isEqualTo("e-1");
    assertThat(stored.source()).isEqualTo("/tests");
    assertThat(stored.type()).isEqualTo("com.example.order.created");
    assertThat(stored.time()).isEqualTo(time);
    assertThat(stored.dataContentType()).isEqualTo("application/json");
    assertThat(stored.data()).isEqualTo(Payload.copyOf("{\"total\":3}".getBytes(UTF_8)));
    assertThat(stored.attributes()).containsExactly(Map.entry("tenant", "acme"));
  }

  static Stream<Arguments> invalidRequests() {
    Event valid = event("e-1", "order-1");
    return Stream.of(
        Arguments.of(
            "undeclared stream",
            request("nope", valid),
            Status.Code.NOT_FOUND,
            "stream 'nope' is not a declared stream",
            ""),
        Arguments.of(
            "missing stream",
            request("", valid),
            Status.Code.INVALID_ARGUMENT,
            "stream is required",
            "stream"),
        Arguments.of(
            "missing subject",
            request("orders", valid.toBuilder().clearSubject().build()),
            Status.Code.INVALID_ARGUMENT,
            "event.subject is required",
            "event.subject"),
        Arguments.of(
            "missing type",
            request("orders", valid.toBuilder().clearType().build()),
            Status.Code.INVALID_ARGUMENT,
            "event.type is required",
            "event.type"),
        Arguments.of(
            "missing source",
            request("orders", valid.toBuilder().clearSource().build()),
            Status.Code.INVALID_ARGUMENT,
            "event.source is required",
            "event.source"),
        Arguments.of(
            "upper-case attribute name",
            request("orders", valid.toBuilder().putAttributes("Region", "eu").build()),
            Status.Code.INVALID_ARGUMENT,
            "event.attributes key 'Region' is not a CloudEvents attribute name"
                + " (1-20 characters a-z and 0-9)",
            "event.attributes"),
        Arguments.of(
            "attribute name over 20 characters",
            request("orders", valid.toBuilder().putAttributes("a".repeat(21), "x").build()),
            Status.Code.INVALID_ARGUMENT,
            "event.attributes key '"
                + "a".repeat(21)
                + "' is not a CloudEvents attribute name (1-20 characters a-z and 0-9)",
            "event.attributes"),
        Arguments.of(
            "attribute name with a dash",
            request("orders", valid.toBuilder().putAttributes("trace-id", "x").build()),
            Status.Code.INVALID_ARGUMENT,
            "event.attributes key 'trace-id' is not a CloudEvents attribute name"
                + " (1-20 characters a-z and 0-9)",
            "event.attributes"),
        Arguments.of(
            "reserved attribute name",
            request("orders", valid.toBuilder().putAttributes("id", "x").build()),
            Status.Code.INVALID_ARGUMENT,
            "event.attributes key 'id' is reserved: it is a CloudEvents context attribute;"
                + " use the event's field",
            "event.attributes"),
        Arguments.of(
            "data over the limit",
            request(
                "orders",
                valid.toBuilder().setData(ByteString.copyFrom(new byte[1024 * 1024 + 1])).build()),
            Status.Code.INVALID_ARGUMENT,
            "event.data is 1048577 bytes; the limit is 1048576 bytes",
            "event.data"),
        Arguments.of(
            "too many attributes",
            request("orders", valid.toBuilder().putAllAttributes(attributes(33)).build()),
            Status.Code.INVALID_ARGUMENT,
            "event.attributes has 33 entries; the limit is 32",
            "event.attributes"),
        Arguments.of(
            "time after 9999-12-31",
            request(
                "orders",
                valid.toBuilder()
                    .setTime(Timestamp.newBuilder().setSeconds(253_402_300_800L))
                    .build()),
            Status.Code.INVALID_ARGUMENT,
            "event.time is out of range: seconds 253402300800 is not between 0001-01-01T00:00:00Z"
                + " and 9999-12-31T23:59:59.999999999Z (-62135596800 to 253402300799)",
            "event.time"),
        Arguments.of(
            "time with negative nanos",
            request(
                "orders", valid.toBuilder().setTime(Timestamp.newBuilder().setNanos(-1)).build()),
            Status.Code.INVALID_ARGUMENT,
            "event.time has nanos -1; they must be between 0 and 999999999 (seconds 0)",
            "event.time"),
        Arguments.of(
            "missing event",
            PublishRequest.newBuilder().setStream("orders").build(),
            Status.Code.INVALID_ARGUMENT,
            "event is required",
            "event"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRequests")
  void anInvalidRequestFailsTheCallNamingTheField(
      String name, PublishRequest request, Status.Code code, String description, String field)
      throws InvalidProtocolBufferException {
    gateway = TestGateway.over(log);

    StatusRuntimeException failure =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> gateway.blocking().publish(request));

    assertThat(failure.getStatus().getCode()).as(name).isEqualTo(code);
    assertThat(failure.getStatus().getDescription()).isEqualTo(description);
    com.google.rpc.Status details = StatusProto.fromThrowable(failure);
    assertThat(details).isNotNull();
    assertThat(details.getCode()).isEqualTo(code.value());
    assertThat(details.getMessage()).isEqualTo(description);
    if (code == Status.Code.INVALID_ARGUMENT) {
      BadRequest badRequest = details.getDetails(0).unpack(BadRequest.class);
      assertThat(badRequest.getFieldViolations(0).getField()).isEqualTo(field);
    }
    assertThat(log.appendCount()).isZero();
  }

  @Test
  void aLogThatCannotTakeTheEventGivesUnavailableSafeToRetry() {
    gateway = TestGateway.over(log);
    log.failWith(
        new EventLogException(
            EventLogException.Kind.UNAVAILABLE, "the log's buffer stayed full for 60000 ms", null));

    StatusRuntimeException failure =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> gateway.blocking().publish(request("orders", event("e-1", "order-1"))));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(failure.getStatus().getDescription())
        .isEqualTo(
            "the log's buffer stayed full for 60000 ms; the event was not written; safe to retry");
  }

  @Test
  void anUnknownOutcomeGivesUnavailableAskingForARetryWithTheSameId() {
    gateway = TestGateway.over(log);
    log.failWith(
        new EventLogException(
            EventLogException.Kind.OUTCOME_UNKNOWN, "no acknowledgement in 30000 ms", null));

    StatusRuntimeException failure =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> gateway.blocking().publish(request("orders", event("e-1", "order-1"))));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(failure.getStatus().getDescription())
        .startsWith("no acknowledgement in 30000 ms; the outcome is unknown")
        .endsWith("retry with the same event id");
  }

  @Test
  void anExceptionOfTheUseCaseGivesInternal() {
    gateway = TestGateway.builder().log(log).decorate(failingWith("boom")).start();

    StatusRuntimeException failure =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> gateway.blocking().publish(request("orders", event("e-1", "order-1"))));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(failure.getStatus().getDescription())
        .startsWith("unexpected failure in the gateway");
  }

  @Test
  void handlersRunOnTheGatewaysOwnThreads() {
    List<String> threads = new CopyOnWriteArrayList<>();
    gateway =
        TestGateway.builder()
            .log(log)
            .decorate(
                useCase ->
                    new PublishEventsUseCase() {
                      @Override
                      public CompletionStage<PublishOutcome> publish(PublishCommand command) {
                        threads.add(Thread.currentThread().getName());
                        return useCase.publish(command);
                      }

                      @Override
                      public CompletionStage<List<PublishOutcome>> publishBatch(
                          PublishBatchCommand command) {
                        threads.add(Thread.currentThread().getName());
                        return useCase.publishBatch(command);
                      }
                    })
            .start();

    gateway.blocking().publish(request("orders", event("e-1", "order-1")));

    assertThat(threads).singleElement(STRING).startsWith("esg-grpc-");
  }

  /** A use case that throws {@code message} from every method. */
  static UnaryOperator<PublishEventsUseCase> failingWith(String message) {
    return useCase ->
        new PublishEventsUseCase() {
          @Override
          public CompletionStage<PublishOutcome> publish(PublishCommand command) {
            throw new IllegalStateException(message);
          }

          @Override
          public CompletionStage<List<PublishOutcome>> publishBatch(PublishBatchCommand command) {
            throw new IllegalStateException(message);
          }
        };
  }

  private static Map<String, String> attributes(int count) {
    Map<String, String> attributes = new HashMap<>();
    for (int i = 0; i < count; i++) {
      attributes.put("attr" + i, "value");
    }
    return attributes;
  }
}
