package io.eventgateway.grpc.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.eventgateway.core.port.in.PublishFailure;
import io.eventgateway.core.port.in.PublishFailure.Reason;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishStatusesTest {

  @Test
  void everyReasonHasItsCode() {
    Map<Reason, Status.Code> expected = new EnumMap<>(Reason.class);
    expected.put(Reason.INVALID_ARGUMENT, Status.Code.INVALID_ARGUMENT);
    expected.put(Reason.UNKNOWN_STREAM, Status.Code.NOT_FOUND);
    expected.put(Reason.UNAVAILABLE, Status.Code.UNAVAILABLE);
    expected.put(Reason.OUTCOME_UNKNOWN, Status.Code.UNAVAILABLE);
    expected.put(Reason.SHUTTING_DOWN, Status.Code.UNAVAILABLE);
    expected.put(Reason.OVERLOADED, Status.Code.RESOURCE_EXHAUSTED);
    expected.put(Reason.ID_CONFLICT, Status.Code.FAILED_PRECONDITION);
    expected.put(Reason.INTERNAL, Status.Code.INTERNAL);

    for (Reason reason : Reason.values()) {
      assertThat(PublishStatuses.code(reason)).as(reason.name()).isEqualTo(expected.get(reason));
    }
  }

  @Test
  void everyFailureSaysInAnErrorInfoWhetherTheEventWasWritten() throws Exception {
    for (Reason reason : Reason.values()) {
      com.google.rpc.Status status =
          PublishStatuses.toRpcStatus(PublishFailure.of(reason, "why"), "event.", "req-7");

      ErrorInfo info =
          status.getDetailsList().stream()
              .filter(any -> any.is(ErrorInfo.class))
              .findFirst()
              .orElseThrow()
              .unpack(ErrorInfo.class);
      assertThat(info.getDomain()).isEqualTo("eventgateway.io");
      assertThat(info.getReason()).isEqualTo(reason.name());
      assertThat(info.getMetadataMap())
          .as(reason.name())
          .containsEntry("written", reason == Reason.OUTCOME_UNKNOWN ? "unknown" : "no")
          .containsEntry("request_id", "req-7");
    }
  }

  @Test
  void anErrorInfoWithoutARequestIdHasNoSuchEntry() {
    assertThat(PublishStatuses.errorInfo(Reason.UNAVAILABLE, "").getMetadataMap())
        .containsOnlyKeys("written");
  }

  @Test
  void theGatewaysOwnFailuresAreTheOnesItDidNotRefuse() {
    assertThat(EnumSet.allOf(Reason.class).stream().filter(PublishStatuses::causedByTheGateway))
        .containsExactlyInAnyOrder(
            Reason.INTERNAL, Reason.UNAVAILABLE, Reason.OUTCOME_UNKNOWN, Reason.OVERLOADED);
  }

  @Test
  void eventFieldsGoUnderTheEventsPathAndRequestFieldsDoNot() {
    assertThat(PublishStatuses.fieldPath("event.", "subject")).isEqualTo("event.subject");
    assertThat(PublishStatuses.fieldPath("event.", "attributes.region"))
        .isEqualTo("event.attributes.region");
    assertThat(PublishStatuses.fieldPath("events[3].", "data")).isEqualTo("events[3].data");
    assertThat(PublishStatuses.fieldPath("events[3].", "stream")).isEqualTo("stream");
    assertThat(PublishStatuses.fieldPath("event.", "event")).isEqualTo("event");
    assertThat(PublishStatuses.fieldPath("", "events")).isEqualTo("events");
    assertThat(PublishStatuses.fieldPath("event.", "")).isEmpty();
  }

  @Test
  void descriptionsSayWhatTheClientMayDo() {
    assertThat(
            PublishStatuses.description(
                PublishFailure.of(Reason.UNAVAILABLE, "the log's buffer is full"), "event."))
        .isEqualTo("the log's buffer is full; the event was not written; safe to retry");
    assertThat(
            PublishStatuses.description(
                PublishFailure.of(Reason.OUTCOME_UNKNOWN, "timed out"), "event."))
        .isEqualTo(
            "timed out; the outcome is unknown: the event may have been written; retry with the"
                + " same event id");
    assertThat(
            PublishStatuses.description(
                PublishFailure.of(Reason.OVERLOADED, "too many calls"), "event."))
        .isEqualTo("too many calls; nothing was written; retry later");
    assertThat(
            PublishStatuses.description(
                new PublishFailure(Reason.INVALID_ARGUMENT, "subject", "is required"),
                PublishStatuses.batchEventPath(3)))
        .isEqualTo("events[3].subject is required");
  }

  @Test
  void theExceptionCarriesTheRpcStatusWithTheFieldAtFault() throws Exception {
    StatusRuntimeException exception =
        PublishStatuses.toException(
            new PublishFailure(Reason.INVALID_ARGUMENT, "attributes.region", "is too long"),
            "event.",
            "");

    assertThat(exception.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(exception.getStatus().getDescription())
        .isEqualTo("event.attributes.region is too long");
    com.google.rpc.Status status = StatusProto.fromThrowable(exception);
    BadRequest.FieldViolation violation =
        status.getDetails(0).unpack(BadRequest.class).getFieldViolations(0);
    assertThat(violation.getField()).isEqualTo("event.attributes.region");
    assertThat(violation.getDescription()).isEqualTo("is too long");
  }

  @Test
  void okIsCodeZero() {
    assertThat(PublishStatuses.ok().getCode()).isZero();
    assertThat(PublishStatuses.ok().getDetailsCount()).isZero();
  }
}
