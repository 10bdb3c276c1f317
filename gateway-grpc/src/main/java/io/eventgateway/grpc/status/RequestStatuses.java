package io.eventgateway.grpc.status;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import io.eventgateway.core.port.in.RequestFailure;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * The one place where a {@link RequestFailure} of a subscribe or administration request becomes a
 * gRPC status: its code, its description (which names the request field at fault, in the API's
 * names) and its {@code google.rpc.Status} form with details.
 *
 * <table>
 *   <caption>Kinds and codes</caption>
 *   <tr><th>kind</th><th>code</th></tr>
 *   <tr><td>INVALID_ARGUMENT</td><td>INVALID_ARGUMENT</td></tr>
 *   <tr><td>UNKNOWN_STREAM</td><td>NOT_FOUND</td></tr>
 *   <tr><td>ALREADY_EXISTS</td><td>ALREADY_EXISTS</td></tr>
 *   <tr><td>FAILED_PRECONDITION</td><td>FAILED_PRECONDITION</td></tr>
 *   <tr><td>OUT_OF_RANGE</td><td>OUT_OF_RANGE</td></tr>
 *   <tr><td>UNAVAILABLE</td><td>UNAVAILABLE</td></tr>
 *   <tr><td>SHUTTING_DOWN</td><td>UNAVAILABLE (retry on another instance)</td></tr>
 *   <tr><td>INTERNAL</td><td>INTERNAL</td></tr>
 * </table>
 *
 * <p>Field paths: the core names fields relative to the request it was given ({@code stream},
 * {@code start_offsets[2]}); the caller says where that request sits in the message with a prefix:
 * {@value #SUBSCRIBE_PATH} for a {@code Subscribe} call, nothing for the administration calls whose
 * request is the message itself. An INVALID_ARGUMENT or OUT_OF_RANGE status that names a field
 * carries a {@code google.rpc.BadRequest} detail with it, for clients that read fields rather than
 * messages (both are about the request's content, as Google's error model has it).
 *
 * <p>Stateless and thread-safe.
 */
public final class RequestStatuses {

  /** Where the core's fields sit in a {@code SubscribeRequest}. */
  public static final String SUBSCRIBE_PATH = "subscribe.";

  private RequestStatuses() {}

  /** The gRPC code a client sees for {@code kind}. */
  public static Status.Code code(RequestFailure.Kind kind) {
    return switch (kind) {
      case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
      case UNKNOWN_STREAM -> Status.Code.NOT_FOUND;
      case ALREADY_EXISTS -> Status.Code.ALREADY_EXISTS;
      case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
      case OUT_OF_RANGE -> Status.Code.OUT_OF_RANGE;
      case UNAVAILABLE, SHUTTING_DOWN -> Status.Code.UNAVAILABLE;
      case INTERNAL -> Status.Code.INTERNAL;
    };
  }

  /**
   * Whether a failure of {@code kind} is the gateway's or the log's doing (INTERNAL, UNAVAILABLE)
   * rather than the client's (or a drain's): the gateway logs those at WARN ({@link FailureLog}).
   */
  public static boolean causedByTheGateway(RequestFailure.Kind kind) {
    return switch (kind) {
      case INTERNAL, UNAVAILABLE -> true;
      case INVALID_ARGUMENT,
          UNKNOWN_STREAM,
          ALREADY_EXISTS,
          FAILED_PRECONDITION,
          OUT_OF_RANGE,
          SHUTTING_DOWN ->
          false;
    };
  }

  /** {@code field} under {@code prefix}; empty when no field is at fault. */
  public static String fieldPath(String prefix, String field) {
    return field.isEmpty() ? "" : prefix + field;
  }

  /** What a client reads: the field's path and what is wrong, e.g. "subscribe.group is empty". */
  public static String description(RequestFailure failure, String prefix) {
    String path = fieldPath(prefix, failure.field());
    return path.isEmpty() ? failure.description() : path + " " + failure.description();
  }

  /** {@code failure} as a {@code google.rpc.Status}, with the field at fault as a detail. */
  public static com.google.rpc.Status toRpcStatus(RequestFailure failure, String prefix) {
    boolean aboutTheRequest =
        failure.kind() == RequestFailure.Kind.INVALID_ARGUMENT
            || failure.kind() == RequestFailure.Kind.OUT_OF_RANGE;
    return rpcStatus(
        code(failure.kind()),
        description(failure, prefix),
        aboutTheRequest ? fieldPath(prefix, failure.field()) : "",
        failure.description());
  }

  /**
   * A {@code google.rpc.Status} with {@code code} and {@code message}; when {@code violatedField}
   * is not empty, with a {@code google.rpc.BadRequest} detail naming that field and {@code
   * violation}, for clients that read fields rather than messages.
   */
  public static com.google.rpc.Status rpcStatus(
      Status.Code code, String message, String violatedField, String violation) {
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message);
    if (!violatedField.isEmpty()) {
      status.addDetails(
          Any.pack(
              BadRequest.newBuilder()
                  .addFieldViolations(
                      BadRequest.FieldViolation.newBuilder()
                          .setField(violatedField)
                          .setDescription(violation))
                  .build()));
    }
    return status.build();
  }

  /** {@code failure} as the exception that fails a call, with the {@code google.rpc.Status}. */
  public static StatusRuntimeException toException(RequestFailure failure, String prefix) {
    return StatusProto.toStatusRuntimeException(toRpcStatus(failure, prefix));
  }

  /** A malformed request: INVALID_ARGUMENT naming {@code field} (already a full path). */
  public static StatusRuntimeException invalidArgument(String field, String description) {
    return toException(
        new RequestFailure(RequestFailure.Kind.INVALID_ARGUMENT, field, description), "");
  }
}
