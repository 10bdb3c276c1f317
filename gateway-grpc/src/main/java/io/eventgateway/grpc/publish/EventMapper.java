package io.eventgateway.grpc.publish;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResult;
import io.eventgateway.core.domain.Payload;
import io.eventgateway.core.port.in.EventDraft;
import io.eventgateway.core.port.in.PublishCommand;
import io.eventgateway.core.port.in.PublishFailure;
import io.eventgateway.core.port.in.PublishOutcome;
import io.eventgateway.grpc.mapping.TimeMapper;
import io.eventgateway.grpc.mapping.TimeMapper.InvalidTimeException;
import io.eventgateway.grpc.status.PublishStatuses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Maps the publisher service's messages to the core's commands, and the core's outcomes to results.
 *
 * <p>Only what protobuf cannot say is checked here (a missing {@code event}, a {@code time} outside
 * what a {@code google.protobuf.Timestamp} may hold); every other rule is the core's. The event's
 * data is not copied: the draft's {@link Payload} is a read-only view of the message's bytes, which
 * are immutable.
 *
 * <p>Stateless and thread-safe.
 */
public final class EventMapper {

  private EventMapper() {}

  /**
   * The command for a {@code Publish} request, or for one request of a {@code PublishStream}.
   *
   * @throws MalformedEventException when the event is missing ({@code event}) or its time is not a
   *     valid timestamp ({@code time}, relative to the event)
   */
  public static PublishCommand toCommand(PublishRequest request) {
    if (!request.hasEvent()) {
      throw new MalformedEventException(
          new PublishFailure(PublishFailure.Reason.INVALID_ARGUMENT, "event", "is required"));
    }
    return new PublishCommand(request.getStream(), toDraft(request.getEvent()));
  }

  /**
   * The draft of {@code event}, sharing its data.
   *
   * @throws MalformedEventException when its time is not a valid timestamp (field {@code time})
   */
  public static EventDraft toDraft(Event event) {
    return new EventDraft(
        event.getId(),
        event.getSource(),
        event.getType(),
        event.getSubject(),
        timeOf(event),
        event.getDataContentType(),
        payloadOf(event.getData()),
        event.getAttributesMap());
  }

  /** The event's time; {@code null} when it has none. */
  private static Instant timeOf(Event event) {
    if (!event.hasTime()) {
      return null;
    }
    try {
      return TimeMapper.toInstant(event.getTime());
    } catch (InvalidTimeException invalid) {
      throw new MalformedEventException(
          new PublishFailure(
              PublishFailure.Reason.INVALID_ARGUMENT, "time", invalid.description()));
    }
  }

  /**
   * The payload over {@code data}'s bytes, without a copy. A parsed {@code bytes} field owns an
   * array of exactly its size; protobuf's {@link UnsafeByteOperations#unsafeWriteTo} hands that
   * array out, and {@link Payload#wrapArray} lets the log pass it to Kafka's serializer as it is.
   * Otherwise (a slice of a larger array, a rope) the payload is a read-only view, which the log
   * copies once. Either way the bytes are never written: a {@code ByteString} is immutable.
   */
  static Payload payloadOf(ByteString data) {
    if (data.isEmpty()) {
      return Payload.empty();
    }
    WholeArray whole = new WholeArray();
    try {
      UnsafeByteOperations.unsafeWriteTo(data, whole);
    } catch (IOException notPossible) {
      throw new UncheckedIOException(notPossible); // WholeArray does no I/O
    }
    return whole.array != null && !whole.inPieces && whole.array.length == data.size()
        ? Payload.wrapArray(whole.array)
        : Payload.wrap(data.asReadOnlyByteBuffer());
  }

  /** Keeps the array of a {@code ByteString} that is handed out whole, in one piece. */
  private static final class WholeArray extends ByteOutput {
    byte[] array;
    boolean inPieces;

    @Override
    public void writeLazy(byte[] value, int offset, int length) {
      if (array == null && !inPieces && offset == 0 && length == value.length) {
        array = value;
      } else {
        inPieces = true;
      }
    }

    @Override
    public void write(byte[] value, int offset, int length) {
      inPieces = true;
    }

    @Override
    public void write(byte value) {
      inPieces = true;
    }

    @Override
    public void write(ByteBuffer value) {
      inPieces = true;
    }

    @Override
    public void writeLazy(ByteBuffer value) {
      inPieces = true;
    }
  }

  /**
   * The result for {@code outcome}: where the event was written and status OK, or the failure's
   * status with fields named under {@code eventPath} and the call's {@code requestId} in its {@code
   * ErrorInfo}.
   */
  public static PublishResult toResult(PublishOutcome outcome, String eventPath, String requestId) {
    if (outcome instanceof PublishOutcome.Written written) {
      return PublishResult.newBuilder()
          .setEventId(written.eventId())
          .setStream(written.stream())
          .setPartition(written.position().partition())
          .setOffset(written.position().offset())
          .setStatus(PublishStatuses.ok())
          .setDuplicate(written.duplicate())
          .build();
    }
    PublishOutcome.Failed failed = (PublishOutcome.Failed) outcome;
    return toResult(failed.eventId(), failed.stream(), failed.failure(), eventPath, requestId);
  }

  /**
   * The result of an event that was not published because of {@code failure}, in the call with
   * {@code requestId}.
   */
  public static PublishResult toResult(
      String eventId, String stream, PublishFailure failure, String eventPath, String requestId) {
    return PublishResult.newBuilder()
        .setEventId(eventId)
        .setStream(stream)
        .setStatus(PublishStatuses.toRpcStatus(failure, eventPath, requestId))
        .build();
  }

  /** A request that cannot become a command; carries the failure. Has no stack trace. */
  public static final class MalformedEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient PublishFailure failure;

    MalformedEventException(PublishFailure failure) {
      super(failure.message(), null, false, false);
      this.failure = failure;
    }

    public PublishFailure failure() {
      return failure;
    }
  }
}
