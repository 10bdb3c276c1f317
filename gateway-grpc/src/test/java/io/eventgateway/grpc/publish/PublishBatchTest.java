package io.eventgateway.grpc.publish;

import static io.eventgateway.grpc.testing.TestGateway.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Timestamp;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishBatchRequest;
import io.eventgateway.api.v1.PublishBatchResponse;
import io.eventgateway.api.v1.PublishResult;
import io.eventgateway.core.testing.InMemoryEventLog;
import io.eventgateway.grpc.testing.TestGateway;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code PublishBatch} over a real (in-process) channel, wired as in production. */
class PublishBatchTest {
  private final InMemoryEventLog log = new InMemoryEventLog();
  private TestGateway gateway;

  @BeforeEach
  void start() {
    gateway = TestGateway.over(log);
  }

  @AfterEach
  void close() {
    gateway.close();
  }

  @Test
  void anEmptyBatchFailsTheCall() {
    StatusRuntimeException failure = publishFailing(batch("orders", List.of()));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(failure.getStatus().getDescription()).isEqualTo("events must not be empty");
    assertThat(StatusProto.fromThrowable(failure).getMessage())
        .isEqualTo("events must not be empty");
  }

  @Test
  void anOverLargeBatchFailsTheCallAndWritesNothing() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      events.add(event("e-" + i, "order-" + i));
    }

    StatusRuntimeException failure = publishFailing(batch("orders", events));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(failure.getStatus().getDescription())
        .isEqualTo("events has 1001 events; the limit is 1000");
    assertThat(log.appendCount()).isZero();
  }

  @Test
  void anUndeclaredStreamFailsTheCall() {
    StatusRuntimeException failure =
        publishFailing(batch("nope", List.of(event("e-1", "order-1"))));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(failure.getStatus().getDescription())
        .isEqualTo("stream 'nope' is not a declared stream");
    assertThat(log.appendCount()).isZero();
  }

  @Test
  void anInvalidEventFailsAloneAndTheOthersAreWrittenInOrder() {
    PublishBatchResponse response =
        gateway
            .blocking()
            .publishBatch(
                batch(
                    "orders",
                    List.of(
                        event("e-0", "order-1"),
                        event("e-1", "order-1").toBuilder().clearSubject().build(),
                        event("e-2", "order-1"))));

    List<PublishResult> results = response.getResultsList();
    assertThat(results).extracting(PublishResult::getEventId).containsExactly("e-0", "e-1", "e-2");
    assertThat(results.get(0).getStatus().getCode()).isEqualTo(Status.Code.OK.value());
    assertThat(results.get(0).getOffset()).isZero();
    assertThat(results.get(1).getStatus().getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT.value());
    assertThat(results.get(1).getStatus().getMessage()).isEqualTo("events[1].subject is required");
    assertThat(results.get(2).getStatus().getCode()).isEqualTo(Status.Code.OK.value());
    assertThat(results.get(2).getOffset()).isEqualTo(1);
    assertThat(results.get(2).getPartition()).isEqualTo(results.get(0).getPartition());
    assertThat(log.events("orders"))
        .extracting(stored -> stored.event().id())
        .containsExactly("e-0", "e-2");
  }

  @Test
  void anEventWithAControlCharacterOrABadMediaTypeFailsAloneNamingItsField() {
    PublishBatchResponse response =
        gateway
            .blocking()
            .publishBatch(
                batch(
                    "orders",
                    List.of(
                        event("e-0", "order-1"),
                        event("e-1", "order-1").toBuilder()
                            .setSource("/orders" + (char) 0x0d + (char) 0x0a + "x-forged: 1")
                            .build(),
                        event("e-2", "order-1").toBuilder().setDataContentType("json").build(),
                        event("e-3", "order-1").toBuilder()
                            .putAttributes("tenant", "acme" + (char) 0)
                            .build(),
                        event("e-4", "order-1"))));

    List<PublishResult> results = response.getResultsList();
    assertThat(results).extracting(r -> r.getStatus().getCode()).containsExactly(0, 3, 3, 3, 0);
    assertThat(results.get(1).getStatus().getMessage())
        .startsWith("events[1].source holds the control character U+000D at index 7");
    assertThat(results.get(2).getStatus().getMessage())
        .startsWith("events[2].data_content_type 'json' is not a media type");
    assertThat(results.get(3).getStatus().getMessage())
        .startsWith("events[3].attributes.tenant holds the control character U+0000 at index 4");
    assertThat(log.events("orders"))
        .extracting(stored -> stored.event().id())
        .containsExactly("e-0", "e-4");
  }

  @Test
  void anEventWithAnInvalidTimeFailsAloneNamingItsIndex() {
    PublishBatchResponse response =
        gateway
            .blocking()
            .publishBatch(
                batch(
                    "orders",
                    List.of(
                        event("e-0", "order-1"),
                        event("e-1", "order-1").toBuilder()
                            .setTime(Timestamp.newBuilder().setNanos(1_000_000_000))
                            .build(),
                        event("e-2", "order-1"))));

    List<PublishResult> results = response.getResultsList();
    assertThat(results).extracting(r -> r.getStatus().getCode()).containsExactly(0, 3, 0);
    assertThat(results.get(1).getEventId()).isEqualTo("e-1");
    assertThat(results.get(1).getStatus().getMessage())
        .startsWith("events[1].time has nanos 1000000000");
    assertThat(log.events("orders"))
        .extracting(stored -> stored.event().id())
        .containsExactly("e-0", "e-2");
  }

  @Test
  void aBatchOfOnlyMalformedEventsGetsOneFailureEach() {
    Event badTime =
        event("e", "order-1").toBuilder()
            .setTime(Timestamp.newBuilder().setSeconds(-62_135_596_801L))
            .build();

    PublishBatchResponse response =
        gateway.blocking().publishBatch(batch("orders", List.of(badTime, badTime)));

    assertThat(response.getResultsList())
        .extracting(r -> r.getStatus().getMessage())
        .satisfiesExactly(
            first -> assertThat(first).startsWith("events[0].time is out of range"),
            second -> assertThat(second).startsWith("events[1].time is out of range"));
    assertThat(log.appendCount()).isZero();
  }

  @Test
  void eachResultCarriesTheEventsPlace() {
    PublishBatchResponse response =
        gateway
            .blocking()
            .publishBatch(
                batch(
                    "orders",
                    List.of(event("", "a"), event("", "b"), event("", "c"), event("", "a"))));

    List<PublishResult> results = response.getResultsList();
    assertThat(results).hasSize(4);
    for (PublishResult result : results) {
      assertThat(result.getStream()).isEqualTo("orders");
      assertThat(result.getEventId()).isNotEmpty();
      assertThat(result.getStatus().getCode()).isZero();
    }
    assertThat(results.get(3).getPartition()).isEqualTo(results.get(0).getPartition());
    assertThat(results.get(3).getOffset()).isEqualTo(results.get(0).getOffset() + 1);
    assertThat(results).extracting(PublishResult::getEventId).doesNotHaveDuplicates();
  }

  private StatusRuntimeException publishFailing(PublishBatchRequest request) {
    return catchThrowableOfType(
        StatusRuntimeException.class, () -> gateway.blocking().publishBatch(request));
  }

  private static PublishBatchRequest batch(String stream, List<Event> events) {
    return PublishBatchRequest.newBuilder().setStream(stream).addAllEvents(events).build();
  }
}
