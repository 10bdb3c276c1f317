package io.eventgateway.grpc.status;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.eventgateway.core.port.in.PublishFailure;
import io.eventgateway.grpc.tracking.RequestIds;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Set;

/**
 * The one place where a {@link PublishFailure} becomes a gRPC status: its code, its description
 * (which names the request field at fault, in the API's names) and its {@code google.rpc.Status}
 * form with details.
 *
 * <table>
 *   <caption>Reasons and codes</caption>
 *   <tr><th>reason</th><th>code</th><th>the description says</th></tr>
 *   <tr><td>INVALID_ARGUMENT</td><td>INVALID_ARGUMENT</td><td>the field and what is wrong</td></tr>
 *   <tr><td>UNKNOWN_STREAM</td><td>NOT_FOUND</td><td>the stream is not declared</td></tr>
 *   <tr><td>UNAVAILABLE</td><td>UNAVAILABLE</td><td>not written; safe to retry</td></tr>
 *   <tr><td>OUTCOME_UNKNOWN</td><td>UNAVAILABLE</td><td>may be written; retry with the same
 *       id</td></tr>
 *   <tr><td>SHUTTING_DOWN</td><td>UNAVAILABLE</td><td>the gateway is shutting down</td></tr>
 *   <tr><td>OVERLOADED</td><td>RESOURCE_EXHAUSTED</td><td>nothing was written</td></tr>
 *   <tr><td>ID_CONFLICT</td><td>FAILED_PRECONDITION</td><td>the id was used by another event
 *       (names the field {@code id}); not written</td></tr>
 *   <tr><td>INTERNAL</td><td>INTERNAL</td><td>what failed</td></tr>
 * </table>
 *
 * <p>Field paths: the core names fields relative to the event ({@code subject}, {@code
 * attributes.foo}, {@code time}) or at the request's level ({@code stream}, {@code event}, {@code
 * events}). The adapter puts the event's path in front of the former: {@value #EVENT_PATH} in
 * {@code Publish} and {@code PublishStream}, {@code events[i].} in a batch ({@link
 * #batchEventPath(int)}).
 *
 * <p>Stateless and thread-safe.
 */
public final class PublishStatuses {

  /** The {@code domain} of the gateway's {@code google.rpc.ErrorInfo} details. */
  public static final String ERROR_DOMAIN = "eventgateway.io";

  /** The {@code ErrorInfo} metadata key that says whether the event was written. */
  public static final String WRITTEN_KEY = "written";

  /** The event was definitely not written: resending it cannot make a duplicate. */
  public static final String NOT_WRITTEN = "no";

  /** The event may have been written: resend it with the same id. */
  public static final String MAYBE_WRITTEN = "unknown";

  /**
   * The {@code ErrorInfo} metadata key of the call's request id ({@link RequestIds}), when it has
   * one.
   */
  public static final String REQUEST_ID_KEY = RequestIds.MDC_KEY;

  /**
   * The failure of an event, or a call, that met an exception where the use case promises an
   * outcome.
   */
  public static final PublishFailure UNEXPECTED =
      PublishFailure.of(
          PublishFailure.Reason.INTERNAL,
          "unexpected failure in the gateway; the event may not have been published");

  /** The path of the event in a {@code PublishRequest}. */
  public static final String EVENT_PATH = "event.";

  /** The fields of the request itself, which are never put under the event's path. */
  private static final Set<String> REQUEST_FIELDS = Set.of("stream", "event", "events");

  private static final com.google.rpc.Status OK =
      com.google.rpc.Status.newBuilder().setCode(Status.Code.OK.value()).build();

  private PublishStatuses() {}

  /** The path of the event at {@code index} in a {@code PublishBatchRequest}: "events[3].". */
  public static String batchEventPath(int index) {
    return "events[" + index + "].";
  }

  /** The gRPC code a client sees for {@code reason}. */
  public static Status.Code code(PublishFailure.Reason reason) {
    return switch (reason) {
      case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
      case UNKNOWN_STREAM -> Status.Code.NOT_FOUND;
      case UNAVAILABLE, OUTCOME_UNKNOWN, SHUTTING_DOWN -> Status.Code.UNAVAILABLE;
      case OVERLOADED -> Status.Code.RESOURCE_EXHAUSTED;
      case ID_CONFLICT -> Status.Code.FAILED_PRECONDITION;
      case INTERNAL -> Status.Code.INTERNAL;
    };
  }

  /**
   * Whether a failure for {@code reason} is the gateway's or the log's doing (INTERNAL,
   * UNAVAILABLE, OUTCOME_UNKNOWN, OVERLOADED) rather than the client's (or a drain's): the gateway
   * logs those at WARN.
   */
  public static boolean causedByTheGateway(PublishFailure.Reason reason) {
    return switch (reason) {
      case INTERNAL, UNAVAILABLE, OUTCOME_UNKNOWN, OVERLOADED -> true;
      case INVALID_ARGUMENT, UNKNOWN_STREAM, ID_CONFLICT, SHUTTING_DOWN -> false;
    };
  }

  /**
   * The field's name in the request: {@code field} under {@code eventPath} when it belongs to the
   * event, as it is when it belongs to the request, empty when there is none.
   */
  public static String fieldPath(String eventPath, String field) {
    if (field.isEmpty() || REQUEST_FIELDS.contains(field)) {
      return field;
    }
    return eventPath + field;
  }

  /**
   * What a client reads: the field's path and what is wrong with it, followed by what the client
   * may do when the reason says so, e.g. "event.subject is required" or "stream 'nope' is not a
   * declared stream".
   */
  public static String description(PublishFailure failure, String eventPath) {
    String path = fieldPath(eventPath, failure.field());
    String message = path.isEmpty() ? failure.description() : path + " " + failure.description();
    return switch (failure.reason()) {
      case UNAVAILABLE -> message + "; the event was not written; safe to retry";
      case OUTCOME_UNKNOWN ->
          message
              + "; the outcome is unknown: the event may have been written; retry with the same"
              + " event id";
      case OVERLOADED -> message + "; nothing was written; retry later";
      case INVALID_ARGUMENT, UNKNOWN_STREAM, SHUTTING_DOWN, ID_CONFLICT, INTERNAL -> message;
    };
  }

  /**
   * {@code failure} as a {@code google.rpc.Status}. An {@code INVALID_ARGUMENT} that names a field
   * carries a {@code google.rpc.BadRequest} detail with that field, for clients that read fields
   * rather than messages. Every failure carries a {@code google.rpc.ErrorInfo} (domain {@value
   * #ERROR_DOMAIN}) whose reason is the failure's reason ({@code UNAVAILABLE}, {@code
   * OUTCOME_UNKNOWN}, ...) and whose metadata {@value #WRITTEN_KEY} says what became of the event:
   * {@value #NOT_WRITTEN} or {@value #MAYBE_WRITTEN}. Both UNAVAILABLE and OUTCOME_UNKNOWN have the
   * gRPC code UNAVAILABLE (retry); only this detail and the message tell them apart. Its metadata
   * {@value #REQUEST_ID_KEY} is {@code requestId}, the call's request id, unless that is empty.
   */
  public static com.google.rpc.Status toRpcStatus(
      PublishFailure failure, String eventPath, String requestId) {
    return RequestStatuses.rpcStatus(
            code(failure.reason()),
            description(failure, eventPath),
            failure.reason() == PublishFailure.Reason.INVALID_ARGUMENT
                ? fieldPath(eventPath, failure.field())
                : "",
            failure.description())
        .toBuilder()
        .addDetails(Any.pack(errorInfo(failure.reason(), requestId)))
        .build();
  }

  /**
   * The {@code google.rpc.ErrorInfo} of a failure for {@code reason} in the call with {@code
   * requestId} (none when empty).
   */
  public static ErrorInfo errorInfo(PublishFailure.Reason reason, String requestId) {
    ErrorInfo.Builder info =
        ErrorInfo.newBuilder()
            .setDomain(ERROR_DOMAIN)
            .setReason(reason.name())
            .putMetadata(
                WRITTEN_KEY,
                reason == PublishFailure.Reason.OUTCOME_UNKNOWN ? MAYBE_WRITTEN : NOT_WRITTEN);
    if (!requestId.isEmpty()) {
      info.putMetadata(REQUEST_ID_KEY, requestId);
    }
    return info.build();
  }

  /** {@code failure} as the exception that fails a call, with the {@code google.rpc.Status}. */
  public static StatusRuntimeException toException(
      PublishFailure failure, String eventPath, String requestId) {
    return StatusProto.toStatusRuntimeException(toRpcStatus(failure, eventPath, requestId));
  }

  /** The status of a published event. */
  public static com.google.rpc.Status ok() {
    return OK;
  }
}
