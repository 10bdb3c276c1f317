package io.eventgateway.grpc.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.core.port.in.RequestFailure.Kind;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestStatusesTest {

  @Test
  void everyKindHasItsCode() {
    Map<Kind, Status.Code> expected = new EnumMap<>(Kind.class);
    expected.put(Kind.INVALID_ARGUMENT, Status.Code.INVALID_ARGUMENT);
    expected.put(Kind.UNKNOWN_STREAM, Status.Code.NOT_FOUND);
    expected.put(Kind.ALREADY_EXISTS, Status.Code.ALREADY_EXISTS);
    expected.put(Kind.FAILED_PRECONDITION, Status.Code.FAILED_PRECONDITION);
    expected.put(Kind.OUT_OF_RANGE, Status.Code.OUT_OF_RANGE);
    expected.put(Kind.UNAVAILABLE, Status.Code.UNAVAILABLE);
    expected.put(Kind.SHUTTING_DOWN, Status.Code.UNAVAILABLE);
    expected.put(Kind.INTERNAL, Status.Code.INTERNAL);

    for (Kind kind : Kind.values()) {
      assertThat(RequestStatuses.code(kind)).as(kind.name()).isEqualTo(expected.get(kind));
    }
  }

  @Test
  void theFieldGoesUnderThePrefixAndTheDescriptionFollowsIt() {
    RequestFailure failure = new RequestFailure(Kind.OUT_OF_RANGE, "start_offsets[2]", "is -1");

    assertThat(RequestStatuses.fieldPath(RequestStatuses.SUBSCRIBE_PATH, "start_offsets[2]"))
        .isEqualTo("subscribe.start_offsets[2]");
    assertThat(RequestStatuses.fieldPath("", "stream")).isEqualTo("stream");
    assertThat(RequestStatuses.fieldPath(RequestStatuses.SUBSCRIBE_PATH, "")).isEmpty();
    assertThat(RequestStatuses.description(failure, RequestStatuses.SUBSCRIBE_PATH))
        .isEqualTo("subscribe.start_offsets[2] is -1");
    assertThat(
            RequestStatuses.description(
                RequestFailure.of(Kind.UNAVAILABLE, "Kafka cannot be reached"),
                RequestStatuses.SUBSCRIBE_PATH))
        .isEqualTo("Kafka cannot be reached");
  }

  @Test
  void aMalformedFieldIsADetailOfTheStatus() throws Exception {
    StatusRuntimeException exception =
        RequestStatuses.toException(
            new RequestFailure(Kind.INVALID_ARGUMENT, "group", "must not start with \"__\""),
            RequestStatuses.SUBSCRIBE_PATH);

    assertThat(exception.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(exception.getStatus().getDescription())
        .isEqualTo("subscribe.group must not start with \"__\"");
    BadRequest.FieldViolation violation =
        StatusProto.fromThrowable(exception)
            .getDetails(0)
            .unpack(BadRequest.class)
            .getFieldViolations(0);
    assertThat(violation.getField()).isEqualTo("subscribe.group");
    assertThat(violation.getDescription()).isEqualTo("must not start with \"__\"");
  }

  @Test
  void anOutOfRangeFieldIsADetailToo() throws Exception {
    com.google.rpc.Status status =
        RequestStatuses.toRpcStatus(new RequestFailure(Kind.OUT_OF_RANGE, "time", "is late"), "");

    assertThat(status.getDetails(0).unpack(BadRequest.class).getFieldViolations(0).getField())
        .isEqualTo("time");
  }

  @Test
  void otherKindsAndFailuresWithoutAFieldCarryNoDetail() {
    assertThat(
            RequestStatuses.toRpcStatus(
                    new RequestFailure(Kind.UNKNOWN_STREAM, "stream", "'x' is not declared"), "")
                .getDetailsCount())
        .isZero();
    assertThat(
            RequestStatuses.toRpcStatus(RequestFailure.of(Kind.INVALID_ARGUMENT, "bad"), "")
                .getDetailsCount())
        .isZero();
  }
}
