package io.eventgateway.grpc.admin;

import io.eventgateway.api.v1.ConsumerGroupDescription;
import io.eventgateway.api.v1.CreateStreamRequest;
import io.eventgateway.api.v1.GroupMember;
import io.eventgateway.api.v1.PartitionDescription;
import io.eventgateway.api.v1.ResetConsumerGroupRequest;
import io.eventgateway.core.domain.ConsumerGroupState;
import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.PartitionLag;
import io.eventgateway.core.domain.PartitionState;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.domain.StreamClass;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.in.CreateStreamCommand;
import io.eventgateway.core.port.in.GroupDescription;
import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.core.port.in.RequestRejectedException;
import io.eventgateway.core.port.in.StreamDescription;
import io.eventgateway.grpc.mapping.TimeMapper;
import io.eventgateway.grpc.mapping.TimeMapper.InvalidTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Maps the {@code AdminService} requests to the core's commands and the core's streams and groups
 * to messages.
 *
 * <p>As for subscribing, the mapping checks only what the core's types cannot hold (a reset to a
 * time without a valid time, enum values this gateway does not know); every other rule is the
 * core's. An unset enum maps to "not given": {@code stream_class} to "" (the core says it is
 * required), {@code durability} to the class's, {@code to} to {@code null} (the core says it is
 * required). Fields are named as in the request messages.
 *
 * <p>Stateless and thread-safe.
 */
public final class AdminMapper {

  private AdminMapper() {}

  /**
   * The command for {@code request}: partitions 0 is the default, an unset durability the class's.
   *
   * @throws RequestRejectedException INVALID_ARGUMENT naming {@code durability} for a value this
   *     gateway does not know
   */
  public static CreateStreamCommand toCommand(CreateStreamRequest request) {
    return new CreateStreamCommand(
        request.getStream(),
        streamClassName(request),
        request.getPartitions() == 0
            ? OptionalInt.empty()
            : OptionalInt.of(request.getPartitions()),
        durability(request));
  }

  /** The class's name as the core takes it: "events", "raw", "audit"; "" when unset. */
  private static String streamClassName(CreateStreamRequest request) {
    return switch (request.getStreamClass()) {
      case STREAM_CLASS_UNSPECIFIED -> "";
      case STREAM_CLASS_EVENTS -> StreamClass.EVENTS.label();
      case STREAM_CLASS_RAW -> StreamClass.RAW.label();
      case STREAM_CLASS_AUDIT -> StreamClass.AUDIT.label();
      // the core refuses it, naming the value
      case UNRECOGNIZED -> String.valueOf(request.getStreamClassValue());
    };
  }

  private static Optional<Durability> durability(CreateStreamRequest request) {
    return switch (request.getDurability()) {
      case DURABILITY_UNSPECIFIED -> Optional.empty();
      case DURABILITY_STANDARD -> Optional.of(Durability.STANDARD);
      case DURABILITY_CRITICAL -> Optional.of(Durability.CRITICAL);
      case UNRECOGNIZED ->
          throw invalid(
              "durability",
              "is "
                  + request.getDurabilityValue()
                  + ", which is not a Durability this gateway knows");
    };
  }

  /**
   * Where {@code request} resets the group to; {@code null} when {@code to} is unset.
   *
   * @throws RequestRejectedException INVALID_ARGUMENT naming {@code time} for RESET_TO_TIME without
   *     a valid time, or {@code to} for a value this gateway does not know
   */
  public static StartPosition toResetTarget(ResetConsumerGroupRequest request) {
    return switch (request.getTo()) {
      case RESET_TO_UNSPECIFIED -> null;
      case RESET_TO_EARLIEST -> StartPosition.EARLIEST;
      case RESET_TO_LATEST -> StartPosition.LATEST;
      case RESET_TO_TIME -> new StartPosition.AtTime(resetTime(request));
      case RESET_TO_OFFSETS -> new StartPosition.AtOffsets(request.getOffsetsMap());
      case UNRECOGNIZED ->
          throw invalid(
              "to", "is " + request.getToValue() + ", which is not a ResetTo this gateway knows");
    };
  }

  private static Instant resetTime(ResetConsumerGroupRequest request) {
    if (!request.hasTime()) {
      throw invalid("time", "is required with RESET_TO_TIME");
    }
    try {
      return TimeMapper.toInstant(request.getTime());
    } catch (InvalidTimeException notATime) {
      throw invalid("time", notATime.description());
    }
  }

  /** {@code definition} as the API's message. */
  public static io.eventgateway.api.v1.StreamDefinition toProto(StreamDefinition definition) {
    return io.eventgateway.api.v1.StreamDefinition.newBuilder()
        .setName(definition.name())
        .setStreamClass(toProto(definition.streamClass()))
        .setPartitions(definition.partitions())
        .setDurability(toProto(definition.durability()))
        .setRetention(toProto(definition.retention()))
        .setReplicationFactor(definition.replicationFactor())
        .setMinInsyncReplicas(definition.minInsyncReplicas())
        .build();
  }

  /** {@code description} as the API's message, partitions in the core's order. */
  public static io.eventgateway.api.v1.StreamDescription toProto(StreamDescription description) {
    io.eventgateway.api.v1.StreamDescription.Builder message =
        io.eventgateway.api.v1.StreamDescription.newBuilder()
            .setDefinition(toProto(description.definition()));
    for (PartitionState partition : description.partitions()) {
      message.addPartitions(toProto(partition));
    }
    return message.build();
  }

  /** {@code partition} as the API's message. */
  public static PartitionDescription toProto(PartitionState partition) {
    return PartitionDescription.newBuilder()
        .setPartition(partition.partition())
        .setStartOffset(partition.startOffset())
        .setEndOffset(partition.endOffset())
        .setLeader(partition.leader())
        .addAllReplicas(partition.replicas())
        .addAllInSyncReplicas(partition.inSyncReplicas())
        .build();
  }

  /** {@code group} as the API's message; each member's partitions in ascending order. */
  public static ConsumerGroupDescription toProto(GroupDescription group) {
    ConsumerGroupDescription.Builder message =
        ConsumerGroupDescription.newBuilder()
            .setGroup(group.group())
            .setStream(group.stream())
            .setState(group.state())
            .setTotalLag(group.totalLag());
    for (ConsumerGroupState.Member member : group.members()) {
      message.addMembers(
          GroupMember.newBuilder()
              .setMemberId(member.memberId())
              .setClientId(member.clientId())
              .setHost(member.host())
              .addAllPartitions(member.partitions().stream().sorted().toList()));
    }
    for (PartitionLag lag : group.partitions()) {
      message.addPartitions(toProto(lag));
    }
    return message.build();
  }

  /** {@code lag} as the API's message. */
  public static io.eventgateway.api.v1.PartitionLag toProto(PartitionLag lag) {
    return io.eventgateway.api.v1.PartitionLag.newBuilder()
        .setPartition(lag.partition())
        .setCommittedOffset(lag.committedOffset())
        .setEndOffset(lag.endOffset())
        .setLag(lag.lag())
        .build();
  }

  /** {@code streamClass} as the API's enum. */
  public static io.eventgateway.api.v1.StreamClass toProto(StreamClass streamClass) {
    return switch (streamClass) {
      case EVENTS -> io.eventgateway.api.v1.StreamClass.STREAM_CLASS_EVENTS;
      case RAW -> io.eventgateway.api.v1.StreamClass.STREAM_CLASS_RAW;
      case AUDIT -> io.eventgateway.api.v1.StreamClass.STREAM_CLASS_AUDIT;
    };
  }

  /** {@code durability} as the API's enum. */
  public static io.eventgateway.api.v1.Durability toProto(Durability durability) {
    return switch (durability) {
      case STANDARD -> io.eventgateway.api.v1.Durability.DURABILITY_STANDARD;
      case CRITICAL -> io.eventgateway.api.v1.Durability.DURABILITY_CRITICAL;
    };
  }

  /** {@code duration} as a {@code google.protobuf.Duration}. */
  public static com.google.protobuf.Duration toProto(Duration duration) {
    return com.google.protobuf.Duration.newBuilder()
        .setSeconds(duration.getSeconds())
        .setNanos(duration.getNano())
        .build();
  }

  private static RequestRejectedException invalid(String field, String description) {
    return new RequestRejectedException(
        new RequestFailure(RequestFailure.Kind.INVALID_ARGUMENT, field, description));
  }
}
