package io.eventgateway.grpc.subscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import io.eventgateway.api.v1.Acknowledgement;
import io.eventgateway.api.v1.Delivery;
import io.eventgateway.api.v1.DeliveryPosition;
import io.eventgateway.api.v1.StartFrom;
import io.eventgateway.api.v1.SubscribeRequest;
import io.eventgateway.api.v1.Subscription;
import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.Payload;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.core.port.in.SubscribeCommand;
import io.eventgateway.grpc.testing.FakeSubscribing.FakeSubscription;
import io.eventgateway.grpc.testing.Recorder;
import io.eventgateway.grpc.testing.TestGateway;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code Subscribe} over a real (in-process) channel, with a test double of the core. */
class SubscribeTest {
  private static final Instant START_TIME = Instant.parse("2026-03-04T05:06:07.890Z");

  private TestGateway gateway;

  @AfterEach
  void close() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private TestGateway start() {
    gateway = TestGateway.builder().start();
    return gateway;
  }

  private static SubscribeRequest subscribe(Subscription.Builder subscription) {
    return SubscribeRequest.newBuilder().setSubscribe(subscription).build();
  }

  private static Subscription.Builder orders() {
    return Subscription.newBuilder().setStream("orders");
  }

  private static SubscribeRequest ack(int... partitionsAndOffsets) {
    Acknowledgement.Builder ack = Acknowledgement.newBuilder();
    for (int i = 0; i < partitionsAndOffsets.length; i += 2) {
      ack.addPositions(
          DeliveryPosition.newBuilder()
              .setPartition(partitionsAndOffsets[i])
              .setOffset(partitionsAndOffsets[i + 1]));
    }
    return SubscribeRequest.newBuilder().setAck(ack).build();
  }

  /** An open call on which the subscription is open. */
  private record Open(
      StreamObserver<SubscribeRequest> requests,
      Recorder<SubscribeRequest, Delivery> responses,
      FakeSubscription subscription) {}

  private Open open(Subscription.Builder subscription) {
    Recorder<SubscribeRequest, Delivery> responses = Recorder.reading();
    StreamObserver<SubscribeRequest> requests = gateway.subscriber().subscribe(responses);
    requests.onNext(subscribe(subscription));
    FakeSubscription opened = gateway.subscribing().awaitSubscription(0);
    return new Open(requests, responses, opened);
  }

  private Status endOf(SubscribeRequest... requests) {
    Recorder<SubscribeRequest, Delivery> responses = Recorder.reading();
    StreamObserver<SubscribeRequest> call = gateway.subscriber().subscribe(responses);
    for (SubscribeRequest request : requests) {
      call.onNext(request);
    }
    await().until(responses::ended);
    return responses.status();
  }

  private static BadRequest.FieldViolation violationOf(Recorder<?, ?> responses) throws Exception {
    com.google.rpc.Status status = StatusProto.fromThrowable(responses.error());
    assertThat(status).isNotNull();
    return status.getDetails(0).unpack(BadRequest.class).getFieldViolations(0);
  }

  // ---- the first request

  @Test
  void aFirstRequestThatIsNotASubscribeEndsTheCall() {
    start();

    Status ackFirst = endOf(ack(0, 1));
    Status emptyFirst = endOf(SubscribeRequest.getDefaultInstance());

    for (Status status : List.of(ackFirst, emptyFirst)) {
      assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(status.getDescription()).isEqualTo("the first request must be a subscribe");
    }
    assertThat(gateway.subscribing().commands()).isEmpty();
  }

  static Stream<Arguments> startPositions() {
    return Stream.of(
        Arguments.of(orders(), null),
        Arguments.of(
            orders().setStartFrom(StartFrom.START_FROM_COMMITTED), StartPosition.COMMITTED),
        Arguments.of(orders().setStartFrom(StartFrom.START_FROM_EARLIEST), StartPosition.EARLIEST),
        Arguments.of(orders().setStartFrom(StartFrom.START_FROM_LATEST), StartPosition.LATEST),
        Arguments.of(
            orders()
                .setStartFrom(StartFrom.START_FROM_OFFSETS)
                .putStartOffsets(0, 5)
                .putStartOffsets(2, 7),
            new StartPosition.AtOffsets(Map.of(0, 5L, 2, 7L))),
        Arguments.of(
            orders()
                .setStartFrom(StartFrom.START_FROM_TIME)
                .setStartTime(
                    Timestamp.newBuilder()
                        .setSeconds(START_TIME.getEpochSecond())
                        .setNanos(START_TIME.getNano())),
            new StartPosition.AtTime(START_TIME)),
        // what belongs to another start is not read
        Arguments.of(
            orders().setStartFrom(StartFrom.START_FROM_LATEST).putStartOffsets(0, 5),
            StartPosition.LATEST));
  }

  @ParameterizedTest
  @MethodSource("startPositions")
  void everyStartFromMapsToTheCoresStartPosition(
      Subscription.Builder subscription, StartPosition expected) {
    start();

    open(subscription);

    assertThat(gateway.subscribing().awaitCommand().start()).isEqualTo(expected);
  }

  @Test
  void theSubscriptionsFieldsMapToTheCommandAsTheyAre() {
    start();

    open(orders().setGroup("billing").setAutoAck(true).setMaxUnacknowledged(500));

    assertThat(gateway.subscribing().awaitCommand())
        .isEqualTo(new SubscribeCommand("orders", Optional.of("billing"), null, true, 500));
  }

  @Test
  void emptyAndZeroFieldsMeanTheCoresDefaults() {
    start();

    open(Subscription.newBuilder());

    assertThat(gateway.subscribing().awaitCommand())
        .isEqualTo(new SubscribeCommand("", Optional.empty(), null, false, 0));
  }

  @Test
  void aWindowBeyondIntIsPassedOnAsTheLargestIntForTheCoreToRefuse() {
    start();

    open(orders().setMaxUnacknowledged(-1)); // uint32 4294967295

    assertThat(gateway.subscribing().awaitCommand().maxUnacknowledged())
        .isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void aStartTimeThatIsNoTimestampIsRefusedNamingTheField() throws Exception {
    start();
    Recorder<SubscribeRequest, Delivery> responses = Recorder.reading();
    StreamObserver<SubscribeRequest> requests = gateway.subscriber().subscribe(responses);

    requests.onNext(
        subscribe(
            orders()
                .setStartFrom(StartFrom.START_FROM_TIME)
                .setStartTime(Timestamp.newBuilder().setSeconds(1).setNanos(-1))));

    await().until(responses::ended);
    assertThat(responses.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(responses.status().getDescription()).startsWith("subscribe.start_time has nanos -1");
    assertThat(violationOf(responses).getField()).isEqualTo("subscribe.start_time");
    assertThat(gateway.subscribing().commands()).isEmpty();
  }

  @Test
  void aStartFromTimeWithoutATimeIsRefused() {
    start();

    Status status = endOf(subscribe(orders().setStartFrom(StartFrom.START_FROM_TIME)));

    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription())
        .isEqualTo("subscribe.start_time is required with START_FROM_TIME");
    assertThat(gateway.subscribing().commands()).isEmpty();
  }

  @Test
  void aStartFromThisGatewayDoesNotKnowIsRefused() {
    start();

    Status status = endOf(subscribe(orders().setStartFromValue(42)));

    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).startsWith("subscribe.start_from is 42");
  }

  static Stream<Arguments> rejections() {
    return Stream.of(
        Arguments.of(RequestFailure.Kind.INVALID_ARGUMENT, Status.Code.INVALID_ARGUMENT),
        Arguments.of(RequestFailure.Kind.UNKNOWN_STREAM, Status.Code.NOT_FOUND),
        Arguments.of(RequestFailure.Kind.OUT_OF_RANGE, Status.Code.OUT_OF_RANGE),
        Arguments.of(RequestFailure.Kind.UNAVAILABLE, Status.Code.UNAVAILABLE),
        Arguments.of(RequestFailure.Kind.SHUTTING_DOWN, Status.Code.UNAVAILABLE),
        Arguments.of(RequestFailure.Kind.INTERNAL, Status.Code.INTERNAL));
  }

  @ParameterizedTest
  @MethodSource("rejections")
  void aRefusedSubscriptionEndsTheCallWithItsStatusNamingTheFieldInTheRequest(
      RequestFailure.Kind kind, Status.Code code) {
    start();
    gateway
        .subscribing()
        .rejectWith(new RequestFailure(kind, "start_offsets[2]", "is wrong in some way"));

    Status status = endOf(subscribe(orders()));

    assertThat(status.getCode()).isEqualTo(code);
    assertThat(status.getDescription())
        .isEqualTo("subscribe.start_offsets[2] is wrong in some way");
  }

  @Test
  void aRefusalOfAMalformedFieldCarriesTheFieldAsADetail() throws Exception {
    start();
    gateway
        .subscribing()
        .rejectWith(
            new RequestFailure(RequestFailure.Kind.INVALID_ARGUMENT, "group", "must not be empty"));
    Recorder<SubscribeRequest, Delivery> responses = Recorder.reading();
    gateway.subscriber().subscribe(responses).onNext(subscribe(orders()));

    await().until(responses::ended);

    BadRequest.FieldViolation violation = violationOf(responses);
    assertThat(violation.getField()).isEqualTo("subscribe.group");
    assertThat(violation.getDescription()).isEqualTo("must not be empty");
  }

  // ---- deliveries and acknowledgements

  @Test
  void aDeliveryCarriesEveryFieldOfTheEventAndWhereItIs() {
    start();
    Open call = open(orders());
    Event event =
        new Event(
            "e-1",
            "/orders",
            "com.example.order.created",
            "order-1",
            Instant.parse("2026-01-02T03:04:05.123456789Z"),
            "application/json",
            Payload.copyOf("{\"total\":3}".getBytes(StandardCharsets.UTF_8)),
            Map.of("region", "eu", "partitionkey", "customer-9"));

    call.subscription()
        .deliver(
            new io.eventgateway.core.domain.Delivery(
                event, "orders", 2, 41, Instant.parse("2026-01-02T03:04:06.5Z")));

    await().until(() -> call.responses().values().size() == 1);
    Delivery delivery = call.responses().values().get(0);
    assertThat(delivery.getStream()).isEqualTo("orders");
    assertThat(delivery.getPartition()).isEqualTo(2);
    assertThat(delivery.getOffset()).isEqualTo(41);
    assertThat(delivery.getTimestamp())
        .isEqualTo(Timestamp.newBuilder().setSeconds(1_767_323_046L).setNanos(500_000_000).build());
    io.eventgateway.api.v1.Event message = delivery.getEvent();
    assertThat(message.getId()).isEqualTo("e-1");
    assertThat(message.getSource()).isEqualTo("/orders");
    assertThat(message.getType()).isEqualTo("com.example.order.created");
    assertThat(message.getSubject()).isEqualTo("order-1");
    assertThat(message.getTime())
        .isEqualTo(Timestamp.newBuilder().setSeconds(1_767_323_045L).setNanos(123_456_789).build());
    assertThat(message.getDataContentType()).isEqualTo("application/json");
    assertThat(message.getData().toStringUtf8()).isEqualTo("{\"total\":3}");
    assertThat(message.getAttributesMap())
        .containsExactlyInAnyOrderEntriesOf(Map.of("region", "eu", "partitionkey", "customer-9"));
  }

  @Test
  void acknowledgementsReachTheSubscriptionInTheOrderSent() {
    start();
    Open call = open(orders());
    call.subscription().supply(9, 8);
    await().until(() -> call.responses().values().size() == 9);

    // deliveries n: partition n % 3, offset n / 3
    call.requests().onNext(ack(2, 1, 0, 0));
    call.requests().onNext(ack(1, 0));
    call.requests().onNext(ack(0, 2, 0, 1, 1, 2, 1, 1));

    await().until(() -> call.subscription().acknowledged().size() == 7);
    assertThat(call.subscription().acknowledged())
        .containsExactly("2/1", "0/0", "1/0", "0/2", "0/1", "1/2", "1/1");
    assertThat(call.responses().ended()).isFalse();
  }

  @Test
  void anAckOfAnOffsetNeverDeliveredEndsTheCallNamingTheFieldAndCancelsTheSubscription()
      throws Exception {
    start();
    Open call = open(orders());
    call.subscription().supply(1, 8);
    await().until(() -> call.responses().values().size() == 1);

    call.requests().onNext(ack(0, 0, 1, 99));

    await().until(call.responses()::ended);
    Status status = call.responses().status();
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription())
        .isEqualTo(
            "ack.positions[1].offset partition 1 offset 99 was never delivered on this"
                + " subscription");
    assertThat(violationOf(call.responses()).getField()).isEqualTo("ack.positions[1].offset");
    assertThat(call.subscription().acknowledged()).containsExactly("0/0");
    assertThat(call.subscription().cancelled()).isTrue();
    // the call's status reaches the client before the service has forgotten the call
    await().until(() -> gateway.gateway().subscriber().orElseThrow().openCalls() == 0);
  }

  @Test
  void aSecondSubscribeEndsTheCallAndCancelsTheSubscription() throws Exception {
    start();
    Open call = open(orders());

    call.requests().onNext(subscribe(orders()));

    await().until(call.responses()::ended);
    assertThat(call.responses().status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(call.responses().status().getDescription())
        .isEqualTo("subscribe is allowed only as the first request of a call");
    assertThat(violationOf(call.responses()).getField()).isEqualTo("subscribe");
    assertThat(call.subscription().cancelled()).isTrue();
    assertThat(gateway.subscribing().commands()).hasSize(1);
  }

  @Test
  void anEmptyRequestAfterTheFirstEndsTheCall() {
    start();
    Open call = open(orders());

    call.requests().onNext(SubscribeRequest.getDefaultInstance());

    await().until(call.responses()::ended);
    assertThat(call.responses().status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(call.responses().status().getDescription()).startsWith("ack is required");
    assertThat(call.subscription().cancelled()).isTrue();
  }

  // ---- flow control

  @Test
  void aClientThatDoesNotReadStopsTheReadingOfTheCore() {
    int batch = 8;
    gateway = TestGateway.builder().subscriberSettings(new SubscriberSettings(batch)).start();
    Recorder<SubscribeRequest, Delivery> responses = Recorder.manualReading();
    StreamObserver<SubscribeRequest> requests = gateway.subscriber().subscribe(responses);
    requests.onNext(subscribe(orders()));
    FakeSubscription subscription = gateway.subscribing().awaitSubscription(0);
    subscription.supply(1_000, 8);

    // on the in-process transport the server is not ready while the client asks for nothing
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> subscription.requested() == 0);

    responses.read(20);
    await().until(() -> responses.values().size() == 20);
    // the gateway asked for what the client read and at most one batch more, and got it all
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(
            () ->
                subscription.requested() == subscription.delivered()
                    && subscription.requested() <= 20 + batch);
    assertThat(subscription.maxOutstanding()).isLessThanOrEqualTo(batch);

    responses.read(Integer.MAX_VALUE);
    await().until(() -> responses.values().size() == 1_000);
    assertThat(responses.values())
        .extracting(d -> d.getEvent().getId())
        .containsExactlyElementsOf(IntStream.range(0, 1_000).mapToObj(i -> "e-" + i).toList());
    assertThat(subscription.maxOutstanding()).isLessThanOrEqualTo(batch);
    assertThat(subscription.violations()).isEmpty();
    assertThat(responses.ended()).isFalse();
  }

  @Test
  void bytesAreAllowedOnlyWhileGrpcTakesWhatTheCallSends() {
    gateway = TestGateway.builder().start();
    Recorder<SubscribeRequest, Delivery> responses = Recorder.manualReading();
    StreamObserver<SubscribeRequest> requests = gateway.subscriber().subscribe(responses);
    requests.onNext(subscribe(orders()));
    FakeSubscription subscription = gateway.subscribing().awaitSubscription(0);
    subscription.supply(100, 8);

    // not ready while the client asks for nothing: no bytes allowed, nothing asked for
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> subscription.allowedBytes().isEmpty() && subscription.requested() == 0);

    responses.read(10);
    await().until(() -> responses.values().size() == 10);
    long quarter = SubscriberSettings.DEFAULT_BUDGET.transportBytes();
    assertThat(subscription.allowedBytes()).isNotEmpty().allMatch(bytes -> bytes == quarter);
    assertThat(subscription.violations()).isEmpty();
  }

  @Test
  void aReadingClientGetsEverythingInBatchesNotOneByOne() {
    start();
    Open call = open(orders());

    call.subscription().supply(5_000, 8);

    await().until(() -> call.responses().values().size() == 5_000);
    assertThat(call.subscription().maxOutstanding())
        .isLessThanOrEqualTo(SubscriberSettings.DEFAULT_DELIVERY_BATCH);
    // topped up once half a batch came: far fewer requests than deliveries
    assertThat(call.subscription().requestCalls())
        .isLessThanOrEqualTo(5_000 / (SubscriberSettings.DEFAULT_DELIVERY_BATCH / 2) + 1);
  }

  // ---- how calls end

  @Test
  void aHalfCloseCancelsTheSubscriptionAndCompletesTheCallOnceItEnded() {
    start();
    Open call = open(orders());
    call.subscription().supply(3, 8);
    await().until(() -> call.responses().values().size() == 3);

    call.requests().onCompleted();

    await().until(call.responses()::ended);
    assertThat(call.responses().status().getCode()).isEqualTo(Status.Code.OK);
    assertThat(call.subscription().cancelled()).isTrue();
    assertThat(call.subscription().ended()).isTrue();
    // the call's status reaches the client before the service has forgotten the call
    await().until(() -> gateway.gateway().subscriber().orElseThrow().openCalls() == 0);
  }

  @Test
  void aHalfCloseBeforeAnySubscribeCompletesTheCall() {
    start();
    Recorder<SubscribeRequest, Delivery> responses = Recorder.reading();

    gateway.subscriber().subscribe(responses).onCompleted();

    await().until(responses::ended);
    assertThat(responses.status().getCode()).isEqualTo(Status.Code.OK);
    assertThat(gateway.subscribing().commands()).isEmpty();
  }

  @Test
  void aCancelOfTheClientCancelsTheSubscription() {
    start();
    Open call = open(orders());
    call.subscription().supply(3, 8);
    await().until(() -> call.responses().values().size() == 3);

    call.responses().cancel();

    await().until(call.subscription()::cancelled);
    await().until(() -> gateway.gateway().subscriber().orElseThrow().openCalls() == 0);
    // what the core still delivers goes nowhere and breaks nothing
    call.subscription().supply(3, 8);
    assertThat(call.subscription().violations()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(RequestFailure.Kind.class)
  void aSubscriptionThatEndsWithAFailureEndsTheCallWithItsStatus(RequestFailure.Kind kind) {
    start();
    Open call = open(orders());

    call.subscription().fail(RequestFailure.of(kind, "the log went away"));

    await().until(call.responses()::ended);
    assertThat(call.responses().status().getCode())
        .isEqualTo(io.eventgateway.grpc.status.RequestStatuses.code(kind));
    assertThat(call.responses().status().getDescription()).isEqualTo("the log went away");
  }

  @Test
  void aSubscriptionThatTheCoreEndsWithoutAFailureEndsTheCallAsUnavailable() {
    start();
    Open call = open(orders());

    call.subscription().endWithoutFailure();

    await().until(call.responses()::ended);
    assertThat(call.responses().status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(call.responses().status().getDescription())
        .isEqualTo("gateway is shutting down; subscribe again");
  }

  @Test
  void manyCallsAtOnceEachGetTheirOwnDeliveries() {
    start();
    int calls = 8;
    List<Recorder<SubscribeRequest, Delivery>> recorders =
        IntStream.range(0, calls)
            .mapToObj(i -> Recorder.<SubscribeRequest, Delivery>reading())
            .toList();
    for (int i = 0; i < calls; i++) {
      gateway.subscriber().subscribe(recorders.get(i)).onNext(subscribe(orders()));
    }
    for (int i = 0; i < calls; i++) {
      gateway.subscribing().awaitSubscription(i).supply(500, 8);
    }

    await().until(() -> recorders.stream().allMatch(r -> r.values().size() == 500));
    assertThat(recorders).allSatisfy(r -> assertThat(r.ended()).isFalse());
  }
}
