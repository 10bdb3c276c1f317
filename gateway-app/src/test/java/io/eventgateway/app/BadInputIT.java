package io.eventgateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.eventgateway.api.v1.Acknowledgement;
import io.eventgateway.api.v1.AdminServiceGrpc;
import io.eventgateway.api.v1.CreateStreamRequest;
import io.eventgateway.api.v1.DeliveryPosition;
import io.eventgateway.api.v1.DescribeConsumerGroupRequest;
import io.eventgateway.api.v1.DescribeStreamRequest;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishBatchRequest;
import io.eventgateway.api.v1.PublishBatchResponse;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublishResult;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.api.v1.ResetConsumerGroupRequest;
import io.eventgateway.api.v1.ResetTo;
import io.eventgateway.api.v1.StartFrom;
import io.eventgateway.api.v1.StreamClass;
import io.eventgateway.api.v1.SubscribeRequest;
import io.eventgateway.api.v1.Subscription;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, end to end: the gateway as {@code esg serve} runs it (embedded broker, small
 * configured limits), every RPC driven over a real gRPC channel, Kafka read back with a plain
 * consumer. Each bad input gets its documented status (docs/reliability.md, "Bad input") and a
 * message that names the field at fault; valid events beside it are written; nothing a client sends
 * grows the gateway's memory without bound.
 */
class BadInputIT {
  static final int MAX_INBOUND_MESSAGE_BYTES = 64 * 1024;
  static final int MAX_DATA_BYTES = 4096;
  static final int MAX_ATTRIBUTES = 4;
  static final int MAX_ATTRIBUTE_VALUE_LENGTH = 64;
  static final int MAX_FIELD_LENGTH = 128;
  static final int MAX_ID_LENGTH = 64;
  static final int MAX_BATCH_EVENTS = 10;
  static final int MAX_IN_FLIGHT_PER_CALL = 64;

  /** The stream every bad event is aimed at: nothing may ever be written to it. */
  static final String REJECTS = "rejects";

  @TempDir static Path directory;
  static RunningGateway running;

  @BeforeAll
  static void serve() throws IOException {
    Path config = directory.resolve("esg.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "grpc:",
            "  max-inbound-message-bytes: " + MAX_INBOUND_MESSAGE_BYTES,
            "  max-in-flight-per-call: " + MAX_IN_FLIGHT_PER_CALL,
            "limits:",
            "  max-data-bytes: " + MAX_DATA_BYTES,
            "  max-attributes: " + MAX_ATTRIBUTES,
            "  max-attribute-value-length: " + MAX_ATTRIBUTE_VALUE_LENGTH,
            "  max-field-length: " + MAX_FIELD_LENGTH,
            "  max-id-length: " + MAX_ID_LENGTH,
            "  max-batch-events: " + MAX_BATCH_EVENTS,
            "streams:",
            "  - {name: " + REJECTS + ", class: events, partitions: 2}",
            "  - {name: mixed, class: events, partitions: 2}",
            "  - {name: mixed-stream, class: events, partitions: 2}",
            "  - {name: garbled, class: events, partitions: 2}",
            "  - {name: orders, class: events, partitions: 2}",
            "  - {name: flood, class: events, partitions: 2}",
            ""));
    running = RunningGateway.serve(directory.resolve("data"), "--config", config.toString());
    // a group that belongs to the stream "orders": it has committed an offset there
    publish("orders", event("o-1"));
    TestSubscriber owner =
        TestSubscriber.subscribe(
            running.channel,
            Subscription.newBuilder()
                .setStream("orders")
                .setGroup("orders-billing")
                .setStartFrom(StartFrom.START_FROM_EARLIEST)
                .build(),
            d -> true);
    owner.awaitReceived(1);
    assertThat(owner.leave().getCode()).isEqualTo(Status.Code.OK);
  }

  @AfterAll
  static void stop() {
    if (running != null) {
      running.close();
    }
  }

  // ---- the catalogue of bad inputs ----

  static Stream<Arguments> badInputs() {
    List<Arguments> cases = new ArrayList<>();

    // Publish: the request's own fields
    cases.add(
        bad(
            "Publish: no stream",
            () -> publishStatus(request().setStream("")),
            Status.Code.INVALID_ARGUMENT,
            "stream is required"));
    cases.add(
        bad(
            "Publish: undeclared stream",
            () -> publishStatus(request().setStream("nope")),
            Status.Code.NOT_FOUND,
            "stream 'nope' is not a declared stream"));
    cases.add(
        bad(
            "Publish: Kafka's internal topic __consumer_offsets",
            () -> publishStatus(request().setStream("__consumer_offsets")),
            Status.Code.INVALID_ARGUMENT,
            "stream '__consumer_offsets'"));
    cases.add(
        bad(
            "Publish: a character Kafka forbids in the stream name",
            () -> publishStatus(request().setStream("orders/eu")),
            Status.Code.INVALID_ARGUMENT,
            "stream 'orders/eu'"));
    cases.add(
        bad(
            "Publish: stream name longer than Kafka allows",
            () -> publishStatus(request().setStream("s".repeat(250))),
            Status.Code.INVALID_ARGUMENT,
            "stream is 250 characters"));
    cases.add(
        bad(
            "Publish: no event",
            () -> publishStatus(PublishRequest.newBuilder().setStream(REJECTS)),
            Status.Code.INVALID_ARGUMENT,
            "event is required"));

    // Publish: the event's fields
    cases.add(badEvent("no subject", e -> e.setSubject(""), "event.subject is required"));
    cases.add(badEvent("no type", e -> e.setType(""), "event.type is required"));
    cases.add(badEvent("no source", e -> e.setSource(""), "event.source is required"));
    cases.add(
        badEvent(
            "subject over max-field-length",
            e -> e.setSubject("s".repeat(MAX_FIELD_LENGTH + 1)),
            "event.subject"));
    cases.add(
        badEvent("id over max-id-length", e -> e.setId("i".repeat(MAX_ID_LENGTH + 1)), "event.id"));
    cases.add(
        badEvent(
            "data_content_type over max-field-length",
            e -> e.setDataContentType("t".repeat(MAX_FIELD_LENGTH + 1)),
            "event.data_content_type"));
    cases.add(
        badEvent(
            "data over max-data-bytes",
            e -> e.setData(ByteString.copyFrom(new byte[MAX_DATA_BYTES + 1])),
            "event.data"));
    cases.add(
        badEvent(
            "upper-case attribute name",
            e -> e.putAttributes("Tenant", "acme"),
            "event.attributes"));
    cases.add(
        badEvent(
            "attribute name over 20 characters",
            e -> e.putAttributes("a".repeat(21), "x"),
            "a".repeat(21)));
    cases.add(
        badEvent(
            "reserved attribute name (a context attribute)",
            e -> e.putAttributes("specversion", "2.0"),
            "specversion"));
    cases.add(
        badEvent(
            "reserved header name ce_id as attribute",
            e -> e.putAttributes("ce_id", "forged"),
            "ce_id"));
    cases.add(
        badEvent(
            "too many attributes",
            e -> {
              for (int i = 0; i <= MAX_ATTRIBUTES; i++) {
                e.putAttributes("attr" + i, "v");
              }
              return e;
            },
            "event.attributes has " + (MAX_ATTRIBUTES + 1) + " entries"));
    cases.add(
        badEvent(
            "attribute value over max-attribute-value-length",
            e -> e.putAttributes("tenant", "v".repeat(MAX_ATTRIBUTE_VALUE_LENGTH + 1)),
            "event.attributes.tenant"));
    cases.add(
        badEvent(
            "time after 9999-12-31",
            e -> e.setTime(Timestamp.newBuilder().setSeconds(253_402_300_800L)),
            "event.time"));
    cases.add(
        badEvent(
            "time with nanos out of range",
            e -> e.setTime(Timestamp.newBuilder().setSeconds(1).setNanos(1_000_000_000)),
            "event.time"));

    // Publish: the message itself
    cases.add(
        bad(
            "Publish: message over max-inbound-message-bytes",
            () ->
                publishStatus(
                    request()
                        .setEvent(
                            event("big").setData(randomBytes(MAX_INBOUND_MESSAGE_BYTES + 1024)))),
            Status.Code.RESOURCE_EXHAUSTED,
            "exceeds maximum size " + MAX_INBOUND_MESSAGE_BYTES));
    cases.add(
        bad(
            "Publish: gzip message that inflates past max-inbound-message-bytes",
            () ->
                status(
                    () ->
                        running
                            .blocking()
                            .withCompression("gzip")
                            .publish(
                                request()
                                    .setEvent(
                                        event("bomb")
                                            .setData(
                                                ByteString.copyFrom(
                                                    new byte[4 * MAX_INBOUND_MESSAGE_BYTES])))
                                    .build())),
            Status.Code.RESOURCE_EXHAUSTED,
            "exceeds maximum size " + MAX_INBOUND_MESSAGE_BYTES));
    cases.add(
        bad(
            "Publish: bytes that are not a protobuf message",
            () -> rawPublishStatus(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01}),
            Status.Code.INVALID_ARGUMENT,
            "eventgateway.v1.PublishRequest"));
    cases.add(
        bad(
            "Publish: invalid UTF-8 in a string field",
            // field 1 (stream), length 2, the bytes C3 28: not UTF-8
            () -> rawPublishStatus(new byte[] {0x0a, 0x02, (byte) 0xc3, 0x28}),
            Status.Code.INVALID_ARGUMENT,
            "UTF-8"));

    // PublishBatch
    cases.add(
        bad(
            "PublishBatch: no events",
            () -> batchStatus(PublishBatchRequest.newBuilder().setStream(REJECTS)),
            Status.Code.INVALID_ARGUMENT,
            "events"));
    cases.add(
        bad(
            "PublishBatch: more than max-batch-events",
            () -> {
              PublishBatchRequest.Builder batch = PublishBatchRequest.newBuilder();
              batch.setStream(REJECTS);
              for (int i = 0; i <= MAX_BATCH_EVENTS; i++) {
                batch.addEvents(event("many-" + i));
              }
              return batchStatus(batch);
            },
            Status.Code.INVALID_ARGUMENT,
            "events has " + (MAX_BATCH_EVENTS + 1)));
    cases.add(
        bad(
            "PublishBatch: undeclared stream",
            () ->
                batchStatus(
                    PublishBatchRequest.newBuilder().setStream("nope").addEvents(event("x"))),
            Status.Code.NOT_FOUND,
            "stream 'nope'"));
    cases.add(
        bad(
            "PublishBatch: the event at index 2 has no subject",
            () ->
                batchResultStatus(
                    PublishBatchRequest.newBuilder()
                        .setStream(REJECTS)
                        .addEvents(event("b-0").setType(""))
                        .addEvents(event("b-1").setSource(""))
                        .addEvents(event("b-2").setSubject("")),
                    2),
            Status.Code.INVALID_ARGUMENT,
            "events[2].subject is required"));

    // PublishStream
    cases.add(
        bad(
            "PublishStream: an event on an internal topic",
            () -> streamResultStatus(request().setStream("__transaction_state").build()),
            Status.Code.INVALID_ARGUMENT,
            "stream '__transaction_state'"));
    cases.add(
        bad(
            "PublishStream: an event with a reserved attribute",
            () ->
                streamResultStatus(
                    request().setEvent(event("s").putAttributes("time", "yesterday")).build()),
            Status.Code.INVALID_ARGUMENT,
            "event.attributes key 'time' is reserved"));

    // Subscribe
    cases.add(
        bad(
            "Subscribe: the first request is an ack",
            () ->
                subscribeStatus(
                    SubscribeRequest.newBuilder()
                        .setAck(
                            Acknowledgement.newBuilder()
                                .addPositions(DeliveryPosition.newBuilder().setOffset(0)))
                        .build()),
            Status.Code.INVALID_ARGUMENT,
            "the first request must be a subscribe"));
    cases.add(
        bad(
            "Subscribe: the first request is empty",
            () -> subscribeStatus(SubscribeRequest.getDefaultInstance()),
            Status.Code.INVALID_ARGUMENT,
            "the first request must be a subscribe"));
    cases.add(
        bad(
            "Subscribe: a second subscribe on the same call",
            () ->
                subscribeStatus(subscribe(subscription(REJECTS)), subscribe(subscription(REJECTS))),
            Status.Code.INVALID_ARGUMENT,
            "subscribe is allowed only as the first request"));
    cases.add(
        bad(
            "Subscribe: undeclared stream",
            () -> subscribeStatus(subscribe(subscription("nope"))),
            Status.Code.NOT_FOUND,
            "stream 'nope'"));
    cases.add(
        bad(
            "Subscribe: Kafka's internal topic",
            () -> subscribeStatus(subscribe(subscription("__consumer_offsets"))),
            Status.Code.INVALID_ARGUMENT,
            "stream '__consumer_offsets'"));
    cases.add(
        bad(
            "Subscribe: a group name with characters Kafka tools cannot handle",
            () -> subscribeStatus(subscribe(subscription(REJECTS).setGroup("my group!"))),
            Status.Code.INVALID_ARGUMENT,
            "group 'my group!'"));
    cases.add(
        bad(
            "Subscribe: an internal group name",
            () -> subscribeStatus(subscribe(subscription(REJECTS).setGroup("__esg-x"))),
            Status.Code.INVALID_ARGUMENT,
            "group '__esg-x' is an internal name"));
    cases.add(
        bad(
            "Subscribe: the group of another stream",
            () -> subscribeStatus(subscribe(subscription(REJECTS).setGroup("orders-billing"))),
            Status.Code.FAILED_PRECONDITION,
            "group 'orders-billing' belongs to stream 'orders'"));
    cases.add(
        bad(
            "Subscribe: start offset for a partition the stream does not have",
            () ->
                subscribeStatus(
                    subscribe(
                        subscription(REJECTS)
                            .setStartFrom(StartFrom.START_FROM_OFFSETS)
                            .putStartOffsets(7, 0))),
            Status.Code.OUT_OF_RANGE,
            "start_offsets[7]"));
    cases.add(
        bad(
            "Subscribe: a negative start offset",
            () ->
                subscribeStatus(
                    subscribe(
                        subscription(REJECTS)
                            .setStartFrom(StartFrom.START_FROM_OFFSETS)
                            .putStartOffsets(0, -5))),
            Status.Code.OUT_OF_RANGE,
            "start_offsets[0] is -5"));
    cases.add(
        bad(
            "Subscribe: START_FROM_TIME without start_time",
            () ->
                subscribeStatus(
                    subscribe(subscription(REJECTS).setStartFrom(StartFrom.START_FROM_TIME))),
            Status.Code.INVALID_ARGUMENT,
            "start_time"));
    cases.add(
        bad(
            "Subscribe: start_time in the future",
            () ->
                subscribeStatus(
                    subscribe(
                        subscription(REJECTS)
                            .setStartFrom(StartFrom.START_FROM_TIME)
                            .setStartTime(
                                Timestamp.newBuilder()
                                    .setSeconds(
                                        Instant.now().plusSeconds(3600).getEpochSecond())))),
            Status.Code.OUT_OF_RANGE,
            "start_time is in the future"));
    cases.add(
        bad(
            "Subscribe: start_time before year 1",
            () ->
                subscribeStatus(
                    subscribe(
                        subscription(REJECTS)
                            .setStartFrom(StartFrom.START_FROM_TIME)
                            .setStartTime(Timestamp.newBuilder().setSeconds(-62_135_596_801L)))),
            Status.Code.INVALID_ARGUMENT,
            "start_time"));
    cases.add(
        bad(
            "Subscribe: a start offset with a group",
            () ->
                subscribeStatus(
                    subscribe(
                        subscription(REJECTS)
                            .setGroup("g-offsets")
                            .setStartFrom(StartFrom.START_FROM_OFFSETS)
                            .putStartOffsets(0, 0))),
            Status.Code.INVALID_ARGUMENT,
            "start_from cannot be an offset or a time with a group"));
    cases.add(
        bad(
            "Subscribe: COMMITTED without a group",
            () ->
                subscribeStatus(
                    subscribe(subscription(REJECTS).setStartFrom(StartFrom.START_FROM_COMMITTED))),
            Status.Code.INVALID_ARGUMENT,
            "start_from cannot be COMMITTED without a group"));
    cases.add(
        bad(
            "Subscribe: max_unacknowledged over its limit",
            () -> subscribeStatus(subscribe(subscription(REJECTS).setMaxUnacknowledged(10_001))),
            Status.Code.INVALID_ARGUMENT,
            "max_unacknowledged is 10001"));
    cases.add(
        bad(
            "Subscribe: an ack for an offset never delivered",
            () ->
                subscribeStatus(
                    subscribe(subscription(REJECTS)),
                    SubscribeRequest.newBuilder()
                        .setAck(
                            Acknowledgement.newBuilder()
                                .addPositions(
                                    DeliveryPosition.newBuilder().setPartition(0).setOffset(42)))
                        .build()),
            Status.Code.INVALID_ARGUMENT,
            "partition 0 offset 42 was never delivered on this subscription"));

    // AdminService
    cases.add(
        bad(
            "CreateStream: Kafka's internal topic",
            () ->
                createStreamStatus(
                    r ->
                        r.setStream("__consumer_offsets")
                            .setStreamClass(StreamClass.STREAM_CLASS_EVENTS)),
            Status.Code.INVALID_ARGUMENT,
            "stream '__consumer_offsets'"));
    cases.add(
        bad(
            "CreateStream: a character Kafka forbids",
            () ->
                createStreamStatus(
                    r -> r.setStream("orders eu").setStreamClass(StreamClass.STREAM_CLASS_EVENTS)),
            Status.Code.INVALID_ARGUMENT,
            "stream 'orders eu'"));
    cases.add(
        bad(
            "CreateStream: no class",
            () -> createStreamStatus(r -> r.setStream("new1")),
            Status.Code.INVALID_ARGUMENT,
            "stream_class is required"));
    cases.add(
        bad(
            "CreateStream: negative partitions",
            () ->
                createStreamStatus(
                    r ->
                        r.setStream("new2")
                            .setStreamClass(StreamClass.STREAM_CLASS_EVENTS)
                            .setPartitions(-3)),
            Status.Code.INVALID_ARGUMENT,
            "partitions"));
    cases.add(
        bad(
            "CreateStream: a stream that exists",
            () ->
                createStreamStatus(
                    r -> r.setStream(REJECTS).setStreamClass(StreamClass.STREAM_CLASS_EVENTS)),
            Status.Code.ALREADY_EXISTS,
            "stream 'rejects' is declared already"));
    cases.add(
        bad(
            "DescribeStream: undeclared stream",
            () ->
                adminStatus(
                    a ->
                        a.describeStream(
                            DescribeStreamRequest.newBuilder().setStream("nope").build())),
            Status.Code.NOT_FOUND,
            "stream 'nope'"));
    cases.add(
        bad(
            "DescribeConsumerGroup: an invalid group name",
            () ->
                adminStatus(
                    a ->
                        a.describeConsumerGroup(
                            DescribeConsumerGroupRequest.newBuilder()
                                .setStream(REJECTS)
                                .setGroup("a/b")
                                .build())),
            Status.Code.INVALID_ARGUMENT,
            "group 'a/b'"));
    cases.add(
        bad(
            "ResetConsumerGroup: no target",
            () -> resetStatus(r -> r),
            Status.Code.INVALID_ARGUMENT,
            "to is required"));
    cases.add(
        bad(
            "ResetConsumerGroup: a time in the future",
            () ->
                resetStatus(
                    r ->
                        r.setTo(ResetTo.RESET_TO_TIME)
                            .setTime(
                                Timestamp.newBuilder()
                                    .setSeconds(Instant.now().plusSeconds(3600).getEpochSecond()))),
            Status.Code.OUT_OF_RANGE,
            "time is in the future"));
    cases.add(
        bad(
            "ResetConsumerGroup: an offset past a partition's end",
            () -> resetStatus(r -> r.setTo(ResetTo.RESET_TO_OFFSETS).putOffsets(0, 1_000_000)),
            Status.Code.OUT_OF_RANGE,
            "offsets hold an offset outside the log (stream 'rejects' partition 0"));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void eachBadInputGetsItsStatusAndAMessageNamingTheField(
      String name, Supplier<Status> call, Status.Code code, String messagePart) {
    Status status = call.get();

    assertThat(status.getCode()).as("%s: %s", name, status).isEqualTo(code);
    assertThat(status.getDescription()).as(name).contains(messagePart);
    assertThat(TopicReader.endOffsets(running.bootstrapServers(), REJECTS).values())
        .as("nothing written to the stream every bad event is aimed at")
        .allMatch(end -> end == 0L);
  }

  @Test
  void theCatalogueHasAtLeastThirtyDistinctBadInputsAcrossEveryService() {
    List<String> names = badInputs().map(a -> (String) a.get()[0]).toList();

    assertThat(names).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(30);
    assertThat(names)
        .anyMatch(n -> n.startsWith("Publish:"))
        .anyMatch(n -> n.startsWith("PublishBatch:"))
        .anyMatch(n -> n.startsWith("PublishStream:"))
        .anyMatch(n -> n.startsWith("Subscribe:"))
        .anyMatch(n -> n.startsWith("CreateStream:"))
        .anyMatch(n -> n.startsWith("ResetConsumerGroup:"));
  }

  @Test
  void aBatchWritesItsValidEventsAndOnlyThoseBesideInvalidOnes() {
    PublishBatchRequest.Builder batch = PublishBatchRequest.newBuilder().setStream("mixed");
    for (int i = 0; i < MAX_BATCH_EVENTS; i++) {
      Event.Builder event = event("m-" + (i % 3)).setId("batch-" + i);
      batch.addEvents(i % 3 == 1 ? event.putAttributes("BAD", "x") : event);
    }

    PublishBatchResponse response = running.blocking().publishBatch(batch.build());

    assertThat(response.getResultsList()).hasSize(MAX_BATCH_EVENTS);
    for (int i = 0; i < MAX_BATCH_EVENTS; i++) {
      PublishResult result = response.getResults(i);
      if (i % 3 == 1) {
        assertThat(result.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
        assertThat(result.getStatus().getMessage()).contains("events[" + i + "].attributes");
      } else {
        assertThat(result.getStatus().getCode()).as("event %d", i).isZero();
      }
    }
    assertThat(idsIn("mixed"))
        .containsExactlyInAnyOrder(
            "batch-0", "batch-2", "batch-3", "batch-5", "batch-6", "batch-8", "batch-9");
  }

  @Test
  void aStreamWritesEveryValidEventAroundInvalidOnesAndKeepsGoing() throws Exception {
    List<PublishRequest> requests = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Event.Builder event = event("st-" + (i % 4)).setId("stream-" + i);
      if (i % 5 == 2) {
        event.setSubject("");
      } else if (i % 5 == 4) {
        event.setData(ByteString.copyFrom(new byte[MAX_DATA_BYTES + 1]));
      }
      requests.add(PublishRequest.newBuilder().setStream("mixed-stream").setEvent(event).build());
    }

    List<PublishResult> results = running.publishOnOneStream(requests);

    assertThat(results).hasSize(30);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      int code = results.get(i).getStatus().getCode();
      if (i % 5 == 2 || i % 5 == 4) {
        assertThat(code).as("event %d", i).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
        assertThat(results.get(i).getStatus().getMessage())
            .contains(i % 5 == 2 ? "event.subject" : "event.data");
      } else {
        assertThat(code).as("event %d", i).isZero();
        expected.add("stream-" + i);
      }
    }
    assertThat(idsIn("mixed-stream")).containsAll(expected).noneMatch(id -> isRejectedStreamId(id));
  }

  /**
   * Bytes that are not a request, in the middle of a PublishStream call, end that call with
   * INVALID_ARGUMENT; the events before them are written, and the gateway serves the next call.
   */
  @Test
  void anUnparseableMessageMidStreamEndsThatCallAloneAndTheEventsBeforeItAreWritten()
      throws Exception {
    MethodDescriptor<byte[], byte[]> raw =
        PublisherServiceGrpc.getPublishStreamMethod().toBuilder(BYTES, BYTES).build();
    ClientCall<byte[], byte[]> call = running.channel.newCall(raw, CallOptions.DEFAULT);
    CompletableFuture<Status> ended = new CompletableFuture<>();
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onClose(Status status, Metadata trailers) {
            ended.complete(status);
          }
        },
        new Metadata());
    call.request(Integer.MAX_VALUE);
    for (int i = 0; i < 5; i++) {
      call.sendMessage(
          PublishRequest.newBuilder()
              .setStream("garbled")
              .setEvent(event("g").setId("before-" + i))
              .build()
              .toByteArray());
    }
    call.sendMessage(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01});
    call.halfClose();

    Status status = ended.get(30, TimeUnit.SECONDS);
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription())
        .startsWith("the request message is not a valid eventgateway.v1.PublishRequest: ");
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(idsIn("garbled"))
                    .containsExactlyInAnyOrder(
                        "before-0", "before-1", "before-2", "before-3", "before-4"));
    assertThat(publishStatus(request().setStream("garbled")).getCode()).isEqualTo(Status.Code.OK);
  }

  /**
   * A client that sends as fast as flow control lets it and never reads an acknowledgement: the
   * gateway stops reading from it once its in-flight window and the transport's buffers are full,
   * so the number of events it took stops growing, and its heap after a full GC stays flat.
   */
  @Test
  void aClientThatNeverReadsItsAcknowledgementsLeavesTheGatewayHeapFlat() throws Exception {
    ByteString data = randomBytes(MAX_DATA_BYTES);
    AtomicLong sent = new AtomicLong();
    ClientCall<PublishRequest, PublishResponse> call =
        running.channel.newCall(PublisherServiceGrpc.getPublishStreamMethod(), CallOptions.DEFAULT);
    Object lock = new Object();
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onReady() {
            synchronized (lock) {
              lock.notifyAll();
            }
          }
        },
        new Metadata());
    // never call.request(n): no acknowledgement is ever read
    Thread sender =
        new Thread(
            () -> {
              long i = 0;
              while (!Thread.currentThread().isInterrupted()) {
                synchronized (lock) {
                  while (!call.isReady()) {
                    try {
                      lock.wait(100);
                    } catch (InterruptedException stop) {
                      return;
                    }
                  }
                }
                call.sendMessage(
                    PublishRequest.newBuilder()
                        .setStream("flood")
                        .setEvent(event("f-" + (i % 16)).setData(data))
                        .build());
                sent.incrementAndGet();
                i++;
              }
            },
            "flooding-client");
    sender.setDaemon(true);
    sender.start();
    try {
      // the window fills, then the count stops moving
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(new Plateau(sent::get, Duration.ofSeconds(2)));
      long heapAtPlateau = heapAfterGc();
      long sentAtPlateau = sent.get();

      Thread.sleep(5_000);

      long heapLater = heapAfterGc();
      System.out.printf(
          "never-reading client: the gateway took %d events (%d bytes of data), then stopped;"
              + " heap after GC %d MiB at the plateau, %d MiB 5 s later; %d more events taken%n",
          sentAtPlateau,
          sentAtPlateau * MAX_DATA_BYTES,
          heapAtPlateau >> 20,
          heapLater >> 20,
          sent.get() - sentAtPlateau);
      assertThat(sent.get())
          .as("events the gateway took after it stopped reading")
          .isLessThanOrEqualTo(sentAtPlateau + MAX_IN_FLIGHT_PER_CALL);
      assertThat(heapLater - heapAtPlateau)
          .as("heap growth after a full GC while the client keeps trying (bytes)")
          .isLessThan(32L * 1024 * 1024);
    } finally {
      sender.interrupt();
      sender.join(5_000);
      call.cancel("test over", null);
    }
  }

  // ---- how each RPC is driven ----

  private static Arguments bad(
      String name, Supplier<Status> call, Status.Code code, String messagePart) {
    return Arguments.of(name, call, code, messagePart);
  }

  private static Arguments badEvent(
      String what, UnaryOperator<Event.Builder> change, String messagePart) {
    return bad(
        "Publish: " + what,
        () -> publishStatus(request().setEvent(change.apply(event("bad")))),
        Status.Code.INVALID_ARGUMENT,
        messagePart);
  }

  static Event.Builder event(String subject) {
    return Event.newBuilder()
        .setSource("/tests/bad-input")
        .setType("com.example.checked")
        .setSubject(subject)
        .setData(ByteString.copyFromUtf8("{}"));
  }

  private static PublishRequest.Builder request() {
    return PublishRequest.newBuilder().setStream(REJECTS).setEvent(event("bad"));
  }

  private static Subscription.Builder subscription(String stream) {
    return Subscription.newBuilder().setStream(stream);
  }

  private static SubscribeRequest subscribe(Subscription.Builder subscription) {
    return SubscribeRequest.newBuilder().setSubscribe(subscription).build();
  }

  static Status status(Runnable call) {
    try {
      call.run();
      return Status.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }

  private static Status publishStatus(PublishRequest.Builder request) {
    return status(() -> running.blocking().publish(request.build()));
  }

  private static Status batchStatus(PublishBatchRequest.Builder request) {
    return status(() -> running.blocking().publishBatch(request.build()));
  }

  private static Status batchResultStatus(PublishBatchRequest.Builder request, int index) {
    PublishBatchResponse response = running.blocking().publishBatch(request.build());
    return resultStatus(response.getResults(index).getStatus());
  }

  private static Status streamResultStatus(PublishRequest request) {
    return resultStatus(running.publishOnOneStream(List.of(request)).get(0).getStatus());
  }

  private static Status createStreamStatus(UnaryOperator<CreateStreamRequest.Builder> request) {
    return adminStatus(
        a -> a.createStream(request.apply(CreateStreamRequest.newBuilder()).build()));
  }

  /** ResetConsumerGroup of group g-reset on the stream bad events are aimed at. */
  private static Status resetStatus(UnaryOperator<ResetConsumerGroupRequest.Builder> request) {
    return adminStatus(
        a ->
            a.resetConsumerGroup(
                request
                    .apply(
                        ResetConsumerGroupRequest.newBuilder()
                            .setStream(REJECTS)
                            .setGroup("g-reset"))
                    .build()));
  }

  /** A per-event result's status as a gRPC status. */
  private static Status resultStatus(com.google.rpc.Status status) {
    return Status.fromCodeValue(status.getCode()).withDescription(status.getMessage());
  }

  private static Status adminStatus(
      java.util.function.Consumer<AdminServiceGrpc.AdminServiceBlockingStub> call) {
    return status(
        () ->
            call.accept(
                AdminServiceGrpc.newBlockingStub(running.channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)));
  }

  /** Opens a Subscribe call, sends {@code requests}, and returns how the gateway ended it. */
  private static Status subscribeStatus(SubscribeRequest... requests) {
    TestSubscriber subscriber =
        TestSubscriber.subscribe(
            running.channel, Subscription.getDefaultInstance(), d -> false, false);
    for (SubscribeRequest request : requests) {
      subscriber.send(request);
    }
    return subscriber.awaitEnd();
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  /** Sends {@code bytes} as the request message of {@code Publish}, whatever they are. */
  private static Status rawPublishStatus(byte[] bytes) {
    MethodDescriptor<byte[], byte[]> raw =
        PublisherServiceGrpc.getPublishMethod().toBuilder(BYTES, BYTES).build();
    return status(
        () ->
            ClientCalls.blockingUnaryCall(
                running.channel,
                raw,
                CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                bytes));
  }

  private static void publish(String stream, Event.Builder event) {
    running
        .blocking()
        .publish(PublishRequest.newBuilder().setStream(stream).setEvent(event).build());
  }

  private static List<String> idsIn(String stream) {
    return TopicReader.readAll(running.bootstrapServers(), stream).stream()
        .map(BadInputIT::ceId)
        .collect(Collectors.toList());
  }

  private static String ceId(ConsumerRecord<byte[], byte[]> record) {
    return TopicReader.header(record, "ce_id");
  }

  private static boolean isRejectedStreamId(String id) {
    int i = Integer.parseInt(id.substring("stream-".length()));
    return i % 5 == 2 || i % 5 == 4;
  }

  private static ByteString randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return ByteString.copyFrom(bytes);
  }

  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** True once {@code value} has not changed for {@code quiet}. */
  private static final class Plateau implements java.util.concurrent.Callable<Boolean> {
    private final Supplier<Long> value;
    private final Duration quiet;
    private long last = -1;
    private long since = System.nanoTime();

    Plateau(Supplier<Long> value, Duration quiet) {
      this.value = value;
      this.quiet = quiet;
    }

    @Override
    public Boolean call() {
      long now = value.get();
      if (now != last) {
        last = now;
        since = System.nanoTime();
        return false;
      }
      return System.nanoTime() - since >= quiet.toNanos();
    }
  }
}
