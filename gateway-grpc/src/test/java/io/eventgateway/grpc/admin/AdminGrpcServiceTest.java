package io.eventgateway.grpc.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import io.eventgateway.api.v1.ConsumerGroupDescription;
import io.eventgateway.api.v1.CreateStreamRequest;
import io.eventgateway.api.v1.DescribeConsumerGroupRequest;
import io.eventgateway.api.v1.DescribeStreamRequest;
import io.eventgateway.api.v1.GroupMember;
import io.eventgateway.api.v1.ListStreamsRequest;
import io.eventgateway.api.v1.PartitionDescription;
import io.eventgateway.api.v1.ResetConsumerGroupRequest;
import io.eventgateway.api.v1.ResetTo;
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
import io.eventgateway.core.port.in.StreamDescription;
import io.eventgateway.grpc.testing.FakeAdmin;
import io.eventgateway.grpc.testing.TestGateway;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code AdminService} over a real (in-process) channel, with a test double of the core. */
class AdminGrpcServiceTest {
  private static final StreamDefinition PAYMENTS =
      new StreamDefinition(
          "payments",
          StreamClass.AUDIT,
          6,
          Durability.CRITICAL,
          Duration.ofDays(90).plusNanos(5),
          (short) 3,
          2);

  private static final StreamDescription PAYMENTS_DESCRIPTION =
      new StreamDescription(
          PAYMENTS,
          List.of(
              new PartitionState(0, 10, 25, 1, List.of(1, 2, 3), List.of(1, 3)),
              new PartitionState(1, 0, 0, -1, List.of(2, 3), List.of())));

  private final FakeAdmin admin = new FakeAdmin();
  private TestGateway gateway;

  @BeforeEach
  void start() {
    gateway = TestGateway.builder().admin(admin).start();
  }

  @AfterEach
  void close() {
    gateway.close();
  }

  @Test
  void listStreamsSendsEveryDefinitionWithEveryField() {
    admin.streams(List.of(PAYMENTS, TestGateway.ORDERS));

    List<io.eventgateway.api.v1.StreamDefinition> streams =
        gateway
            .adminBlocking()
            .listStreams(ListStreamsRequest.getDefaultInstance())
            .getStreamsList();

    assertThat(streams)
        .containsExactly(
            io.eventgateway.api.v1.StreamDefinition.newBuilder()
                .setName("payments")
                .setStreamClass(io.eventgateway.api.v1.StreamClass.STREAM_CLASS_AUDIT)
                .setPartitions(6)
                .setDurability(io.eventgateway.api.v1.Durability.DURABILITY_CRITICAL)
                .setRetention(
                    com.google.protobuf.Duration.newBuilder()
                        .setSeconds(Duration.ofDays(90).toSeconds())
                        .setNanos(5))
                .setReplicationFactor(3)
                .setMinInsyncReplicas(2)
                .build(),
            io.eventgateway.api.v1.StreamDefinition.newBuilder()
                .setName("orders")
                .setStreamClass(io.eventgateway.api.v1.StreamClass.STREAM_CLASS_EVENTS)
                .setPartitions(3)
                .setDurability(io.eventgateway.api.v1.Durability.DURABILITY_STANDARD)
                .setRetention(
                    com.google.protobuf.Duration.newBuilder()
                        .setSeconds(Duration.ofDays(7).toSeconds()))
                .setReplicationFactor(1)
                .setMinInsyncReplicas(1)
                .build());
  }

  @Test
  void everyStreamClassAndDurabilityHasItsEnumValue() {
    assertThat(AdminMapper.toProto(StreamClass.EVENTS))
        .isEqualTo(io.eventgateway.api.v1.StreamClass.STREAM_CLASS_EVENTS);
    assertThat(AdminMapper.toProto(StreamClass.RAW))
        .isEqualTo(io.eventgateway.api.v1.StreamClass.STREAM_CLASS_RAW);
    assertThat(AdminMapper.toProto(StreamClass.AUDIT))
        .isEqualTo(io.eventgateway.api.v1.StreamClass.STREAM_CLASS_AUDIT);
    assertThat(AdminMapper.toProto(Durability.STANDARD))
        .isEqualTo(io.eventgateway.api.v1.Durability.DURABILITY_STANDARD);
    assertThat(AdminMapper.toProto(Durability.CRITICAL))
        .isEqualTo(io.eventgateway.api.v1.Durability.DURABILITY_CRITICAL);
  }

  @Test
  void describeStreamAsksForTheStreamAndSendsItsPartitions() {
    admin.description(PAYMENTS_DESCRIPTION);

    io.eventgateway.api.v1.StreamDescription description =
        gateway
            .adminBlocking()
            .describeStream(DescribeStreamRequest.newBuilder().setStream("payments").build());

    assertThat(admin.lastCall()).containsExactly("describeStream", "payments");
    assertThat(description.getDefinition()).isEqualTo(AdminMapper.toProto(PAYMENTS));
    assertThat(description.getPartitionsList())
        .containsExactly(
            PartitionDescription.newBuilder()
                .setPartition(0)
                .setStartOffset(10)
                .setEndOffset(25)
                .setLeader(1)
                .addAllReplicas(List.of(1, 2, 3))
                .addAllInSyncReplicas(List.of(1, 3))
                .build(),
            PartitionDescription.newBuilder()
                .setPartition(1)
                .setStartOffset(0)
                .setEndOffset(0)
                .setLeader(-1)
                .addAllReplicas(List.of(2, 3))
                .build());
  }

  static Stream<Arguments> createRequests() {
    CreateStreamRequest.Builder payments = CreateStreamRequest.newBuilder().setStream("payments");
    return Stream.of(
        Arguments.of(
            payments.clone().build(),
            new CreateStreamCommand("payments", "", OptionalInt.empty(), Optional.empty())),
        Arguments.of(
            payments
                .clone()
                .setStreamClass(io.eventgateway.api.v1.StreamClass.STREAM_CLASS_EVENTS)
                .setPartitions(12)
                .setDurability(io.eventgateway.api.v1.Durability.DURABILITY_CRITICAL)
                .build(),
            new CreateStreamCommand(
                "payments", "events", OptionalInt.of(12), Optional.of(Durability.CRITICAL))),
        Arguments.of(
            payments
                .clone()
                .setStreamClass(io.eventgateway.api.v1.StreamClass.STREAM_CLASS_RAW)
                .setDurability(io.eventgateway.api.v1.Durability.DURABILITY_STANDARD)
                .build(),
            new CreateStreamCommand(
                "payments", "raw", OptionalInt.empty(), Optional.of(Durability.STANDARD))),
        Arguments.of(
            payments
                .clone()
                .setStreamClass(io.eventgateway.api.v1.StreamClass.STREAM_CLASS_AUDIT)
                .setPartitions(-1)
                .build(),
            new CreateStreamCommand("payments", "audit", OptionalInt.of(-1), Optional.empty())),
        // a class this gateway does not know goes to the core, which names it in its refusal
        Arguments.of(
            payments.clone().setStreamClassValue(9).build(),
            new CreateStreamCommand("payments", "9", OptionalInt.empty(), Optional.empty())));
  }

  @ParameterizedTest
  @MethodSource("createRequests")
  void createStreamMapsTheRequestToTheCommandAndSendsTheNewStream(
      CreateStreamRequest request, CreateStreamCommand expected) {
    admin.description(PAYMENTS_DESCRIPTION);

    io.eventgateway.api.v1.StreamDescription created =
        gateway.adminBlocking().createStream(request);

    assertThat(admin.lastCall()).containsExactly("createStream", expected);
    assertThat(created).isEqualTo(AdminMapper.toProto(PAYMENTS_DESCRIPTION));
  }

  @Test
  void createStreamWithADurabilityThisGatewayDoesNotKnowIsRefusedHere() {
    StatusRuntimeException failure =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                gateway
                    .adminBlocking()
                    .createStream(
                        CreateStreamRequest.newBuilder()
                            .setStream("payments")
                            .setStreamClass(io.eventgateway.api.v1.StreamClass.STREAM_CLASS_RAW)
                            .setDurabilityValue(7)
                            .build()));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(failure.getStatus().getDescription()).startsWith("durability is 7");
    assertThat(admin.calls()).isEmpty();
  }

  @Test
  void describeConsumerGroupSendsMembersLagAndTotal() {
    admin.group(
        new GroupDescription(
            "billing",
            "payments",
            "STABLE",
            List.of(
                new ConsumerGroupState.Member("m-1", "esg-1", "/10.0.0.1", Set.of(3, 0, 2)),
                new ConsumerGroupState.Member("m-2", "esg-2", "/10.0.0.2", Set.of())),
            List.of(new PartitionLag(0, 5, 9, 4), new PartitionLag(1, -1, 3, 3)),
            7));

    ConsumerGroupDescription group =
        gateway
            .adminBlocking()
            .describeConsumerGroup(
                DescribeConsumerGroupRequest.newBuilder()
                    .setGroup("billing")
                    .setStream("payments")
                    .build());

    assertThat(admin.lastCall()).containsExactly("describeGroup", "billing", "payments");
    assertThat(group)
        .isEqualTo(
            ConsumerGroupDescription.newBuilder()
                .setGroup("billing")
                .setStream("payments")
                .setState("STABLE")
                .addMembers(
                    GroupMember.newBuilder()
                        .setMemberId("m-1")
                        .setClientId("esg-1")
                        .setHost("/10.0.0.1")
                        .addAllPartitions(List.of(0, 2, 3)))
                .addMembers(
                    GroupMember.newBuilder()
                        .setMemberId("m-2")
                        .setClientId("esg-2")
                        .setHost("/10.0.0.2"))
                .addPartitions(lag(0, 5, 9, 4))
                .addPartitions(lag(1, -1, 3, 3))
                .setTotalLag(7)
                .build());
  }

  private static io.eventgateway.api.v1.PartitionLag lag(
      int partition, long committed, long end, long lag) {
    return io.eventgateway.api.v1.PartitionLag.newBuilder()
        .setPartition(partition)
        .setCommittedOffset(committed)
        .setEndOffset(end)
        .setLag(lag)
        .build();
  }

  static Stream<Arguments> resets() {
    Instant time = Instant.parse("2026-02-03T04:05:06.7Z");
    ResetConsumerGroupRequest.Builder reset =
        ResetConsumerGroupRequest.newBuilder().setGroup("billing").setStream("payments");
    return Stream.of(
        Arguments.of(reset.clone().build(), null),
        Arguments.of(
            reset.clone().setTo(ResetTo.RESET_TO_EARLIEST).build(), StartPosition.EARLIEST),
        Arguments.of(reset.clone().setTo(ResetTo.RESET_TO_LATEST).build(), StartPosition.LATEST),
        Arguments.of(
            reset
                .clone()
                .setTo(ResetTo.RESET_TO_TIME)
                .setTime(
                    Timestamp.newBuilder()
                        .setSeconds(time.getEpochSecond())
                        .setNanos(time.getNano()))
                .build(),
            new StartPosition.AtTime(time)),
        Arguments.of(
            reset.clone().setTo(ResetTo.RESET_TO_OFFSETS).putOffsets(0, 3).putOffsets(4, 0).build(),
            new StartPosition.AtOffsets(Map.of(0, 3L, 4, 0L))));
  }

  @ParameterizedTest
  @MethodSource("resets")
  void resetConsumerGroupMapsTheTargetAndSendsTheCommittedOffsets(
      ResetConsumerGroupRequest request, StartPosition expected) {
    admin.afterReset(List.of(new PartitionLag(0, 3, 9, 6), new PartitionLag(1, 0, 0, 0)));

    List<io.eventgateway.api.v1.PartitionLag> partitions =
        gateway.adminBlocking().resetConsumerGroup(request).getPartitionsList();

    assertThat(admin.lastCall()).containsExactly("resetGroup", "billing", "payments", expected);
    assertThat(partitions).containsExactly(lag(0, 3, 9, 6), lag(1, 0, 0, 0));
  }

  static Stream<Arguments> malformedResets() {
    ResetConsumerGroupRequest.Builder reset =
        ResetConsumerGroupRequest.newBuilder().setGroup("billing").setStream("payments");
    return Stream.of(
        Arguments.of(
            reset.clone().setTo(ResetTo.RESET_TO_TIME).build(),
            "time",
            "time is required with RESET_TO_TIME"),
        Arguments.of(
            reset
                .clone()
                .setTo(ResetTo.RESET_TO_TIME)
                .setTime(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE))
                .build(),
            "time",
            "time is out of range"),
        Arguments.of(reset.clone().setToValue(17).build(), "to", "to is 17"));
  }

  @ParameterizedTest
  @MethodSource("malformedResets")
  void aResetThatCannotBeMappedIsRefusedNamingTheField(
      ResetConsumerGroupRequest request, String field, String descriptionStart) throws Exception {
    StatusRuntimeException failure =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> gateway.adminBlocking().resetConsumerGroup(request));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(failure.getStatus().getDescription()).startsWith(descriptionStart);
    assertThat(
            StatusProto.fromThrowable(failure)
                .getDetails(0)
                .unpack(BadRequest.class)
                .getFieldViolations(0)
                .getField())
        .isEqualTo(field);
    assertThat(admin.calls()).isEmpty();
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(RequestFailure.Kind.INVALID_ARGUMENT, Status.Code.INVALID_ARGUMENT),
        Arguments.of(RequestFailure.Kind.UNKNOWN_STREAM, Status.Code.NOT_FOUND),
        Arguments.of(RequestFailure.Kind.ALREADY_EXISTS, Status.Code.ALREADY_EXISTS),
        Arguments.of(RequestFailure.Kind.FAILED_PRECONDITION, Status.Code.FAILED_PRECONDITION),
        Arguments.of(RequestFailure.Kind.OUT_OF_RANGE, Status.Code.OUT_OF_RANGE),
        Arguments.of(RequestFailure.Kind.UNAVAILABLE, Status.Code.UNAVAILABLE),
        Arguments.of(RequestFailure.Kind.SHUTTING_DOWN, Status.Code.UNAVAILABLE),
        Arguments.of(RequestFailure.Kind.INTERNAL, Status.Code.INTERNAL));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void everyCallSendsTheCoresRefusalWithTheFieldAsNamed(
      RequestFailure.Kind kind, Status.Code code) {
    admin.rejectWith(new RequestFailure(kind, "stream", "'x' is not what was expected"));
    List<Runnable> calls =
        List.of(
            () -> gateway.adminBlocking().listStreams(ListStreamsRequest.getDefaultInstance()),
            () ->
                gateway.adminBlocking().describeStream(DescribeStreamRequest.getDefaultInstance()),
            () -> gateway.adminBlocking().createStream(CreateStreamRequest.getDefaultInstance()),
            () ->
                gateway
                    .adminBlocking()
                    .describeConsumerGroup(DescribeConsumerGroupRequest.getDefaultInstance()),
            () ->
                gateway
                    .adminBlocking()
                    .resetConsumerGroup(ResetConsumerGroupRequest.getDefaultInstance()));

    for (Runnable call : calls) {
      StatusRuntimeException failure =
          catchThrowableOfType(StatusRuntimeException.class, call::run);
      assertThat(failure.getStatus().getCode()).isEqualTo(code);
      assertThat(failure.getStatus().getDescription())
          .isEqualTo("stream 'x' is not what was expected");
    }
    assertThat(admin.calls()).hasSize(calls.size());
  }

  @Test
  void anUnexpectedExceptionOfTheCoreIsAnInternalError() {
    admin.failWith(new IllegalStateException("a bug"));

    StatusRuntimeException failure =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> gateway.adminBlocking().listStreams(ListStreamsRequest.getDefaultInstance()));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(failure.getStatus().getDescription()).isEqualTo("unexpected failure in the gateway");
  }

  @Test
  void theCallsRunOnTheGatewaysHandlerThreads() {
    gateway.adminBlocking().listStreams(ListStreamsRequest.getDefaultInstance());

    assertThat(admin.lastThread()).startsWith("esg-grpc-");
  }
}
