package io.eventgateway.grpc.subscribe;

import com.google.protobuf.UnsafeByteOperations;
import io.eventgateway.api.v1.Delivery;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.StartFrom;
import io.eventgateway.api.v1.Subscription;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.core.port.in.RequestRejectedException;
import io.eventgateway.core.port.in.SubscribeCommand;
import io.eventgateway.grpc.mapping.TimeMapper;
import io.eventgateway.grpc.mapping.TimeMapper.InvalidTimeException;
import java.time.Instant;
import java.util.Optional;

/**
 * Maps a {@code Subscription} message to the core's {@link SubscribeCommand}, the core's deliveries
 * to {@code Delivery} messages, and the core's refusal of an acknowledgement to the position it
 * refused.
 *
 * <p>The mapping is deliberately dumb: it checks only what the command cannot hold (a start time
 * that is missing or not a valid timestamp, a {@code start_from} this gateway does not know) and
 * leaves every rule to the core (group names, which start goes with a group, the window's range).
 * Fields are named as in the {@code Subscription} message; the caller puts the request's path in
 * front. A delivered event's message shares the bytes of its {@link
 * io.eventgateway.core.domain.Payload}, which are immutable by that class's contract.
 *
 * <p>Stateless and thread-safe.
 */
public final class SubscribeMapper {

  private SubscribeMapper() {}

  /**
   * The command for {@code subscription}.
   *
   * <ul>
   *   <li>{@code group} "" is no group;
   *   <li>{@code start_from} UNSPECIFIED is {@code null}, the core's default;
   *   <li>{@code start_offsets} and {@code start_time} are read only for START_FROM_OFFSETS and
   *       START_FROM_TIME;
   *   <li>{@code max_unacknowledged} is passed on as it is (0: the core's default); a value above
   *       {@link Integer#MAX_VALUE} (it is a {@code uint32}) becomes {@link Integer#MAX_VALUE},
   *       which the core refuses as out of range.
   * </ul>
   *
   * @throws RequestRejectedException INVALID_ARGUMENT naming {@code start_time} when
   *     START_FROM_TIME comes without a valid time, or {@code start_from} for a value this gateway
   *     does not know
   */
  public static SubscribeCommand toCommand(Subscription subscription) {
    int maxUnacknowledged = subscription.getMaxUnacknowledged();
    return new SubscribeCommand(
        subscription.getStream(),
        subscription.getGroup().isEmpty() ? Optional.empty() : Optional.of(subscription.getGroup()),
        start(subscription),
        subscription.getAutoAck(),
        maxUnacknowledged < 0 ? Integer.MAX_VALUE : maxUnacknowledged);
  }

  /** Where the subscription starts; {@code null} for the core's default. */
  private static StartPosition start(Subscription subscription) {
    StartFrom startFrom = subscription.getStartFrom();
    return switch (startFrom) {
      case START_FROM_UNSPECIFIED -> null;
      case START_FROM_COMMITTED -> StartPosition.COMMITTED;
      case START_FROM_EARLIEST -> StartPosition.EARLIEST;
      case START_FROM_LATEST -> StartPosition.LATEST;
      case START_FROM_OFFSETS -> new StartPosition.AtOffsets(subscription.getStartOffsetsMap());
      case START_FROM_TIME -> new StartPosition.AtTime(startTime(subscription));
      case UNRECOGNIZED ->
          throw invalid(
              "start_from",
              "is "
                  + subscription.getStartFromValue()
                  + ", which is not a StartFrom this gateway knows");
    };
  }

  private static Instant startTime(Subscription subscription) {
    if (!subscription.hasStartTime()) {
      throw invalid("start_time", "is required with START_FROM_TIME");
    }
    try {
      return TimeMapper.toInstant(subscription.getStartTime());
    } catch (InvalidTimeException notATime) {
      throw invalid("start_time", notATime.description());
    }
  }

  /** {@code delivery} as the API's message. */
  public static Delivery toProto(io.eventgateway.core.domain.Delivery delivery) {
    return Delivery.newBuilder()
        .setEvent(toProto(delivery.event()))
        .setStream(delivery.stream())
        .setPartition(delivery.partition())
        .setOffset(delivery.offset())
        .setTimestamp(TimeMapper.toTimestamp(delivery.timestamp()))
        .build();
  }

  /** {@code event} as the API's message, every attribute as written; shares the event's data. */
  static Event toProto(io.eventgateway.core.domain.Event event) {
    return Event.newBuilder()
        .setId(event.id())
        .setSource(event.source())
        .setType(event.type())
        .setSubject(event.subject())
        .setTime(TimeMapper.toTimestamp(event.time()))
        .setDataContentType(event.dataContentType())
        .setData(UnsafeByteOperations.unsafeWrap(event.data().asReadOnlyBuffer()))
        .putAllAttributes(event.attributes())
        .build();
  }

  /**
   * {@code failure} of the position at {@code index} of an {@code Acknowledgement}, with its field
   * named in the request: {@code ack.positions[index]}, then the core's field if it names one.
   */
  public static RequestFailure atAckPosition(int index, RequestFailure failure) {
    String path = "ack.positions[" + index + "]";
    String field = failure.field().isEmpty() ? path : path + "." + failure.field();
    return new RequestFailure(failure.kind(), field, failure.description());
  }

  private static RequestRejectedException invalid(String field, String description) {
    return new RequestRejectedException(
        new RequestFailure(RequestFailure.Kind.INVALID_ARGUMENT, field, description));
  }
}
