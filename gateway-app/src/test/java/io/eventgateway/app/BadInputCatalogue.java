package io.eventgateway.app;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.eventgateway.api.v1.Acknowledgement;
import io.eventgateway.api.v1.AdminServiceGrpc;
import io.eventgateway.api.v1.CreateStreamRequest;
import io.eventgateway.api.v1.DeliveryPosition;
import io.eventgateway.api.v1.DescribeConsumerGroupRequest;
import io.eventgateway.api.v1.DescribeStreamRequest;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishBatchRequest;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.ResetConsumerGroupRequest;
import io.eventgateway.api.v1.ResetTo;
import io.eventgateway.api.v1.StartFrom;
import io.eventgateway.api.v1.StreamClass;
import io.eventgateway.api.v1.SubscribeRequest;
import io.eventgateway.api.v1.Subscription;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The bad inputs that {@link BadInputIT} sends to a running gateway, as data: each case's name, the
 * request it sends, the status it expects and a part of the message. The limits the gateway is
 * configured with for them are here too. {@code docs/reliability.md}'s catalogue is generated from
 * this class and checked against it by {@link BadInputCatalogueTest}.
 *
 * <p>A case only builds its request; {@link Rpcs} sends it, so the cases can be read without a
 * gateway. A case that depends on the time builds its request when it is sent.
 */
final class BadInputCatalogue {
  static final int MAX_INBOUND_MESSAGE_BYTES = 64 * 1024;
  static final int MAX_DATA_BYTES = 4096;
  static final int MAX_ATTRIBUTES = 4;
  static final int MAX_ATTRIBUTE_VALUE_LENGTH = 64;
  static final int MAX_FIELD_LENGTH = 128;
  static final int MAX_ID_LENGTH = 64;
  static final int MAX_BATCH_EVENTS = 10;
  static final int MAX_IN_FLIGHT_PER_CALL = 64;

  /** A configuration key and the value the test gives it. */
  record Limit(String key, int value) {}

  /** The limits the gateway under test runs with, in the order the document lists them. */
  static final List<Limit> LIMITS =
      List.of(
          new Limit("grpc.max-inbound-message-bytes", MAX_INBOUND_MESSAGE_BYTES),
          new Limit("grpc.max-in-flight-per-call", MAX_IN_FLIGHT_PER_CALL),
          new Limit("limits.max-data-bytes", MAX_DATA_BYTES),
          new Limit("limits.max-attributes", MAX_ATTRIBUTES),
          new Limit("limits.max-attribute-value-length", MAX_ATTRIBUTE_VALUE_LENGTH),
          new Limit("limits.max-field-length", MAX_FIELD_LENGTH),
          new Limit("limits.max-id-length", MAX_ID_LENGTH),
          new Limit("limits.max-batch-events", MAX_BATCH_EVENTS));

  /** {@link #LIMITS} as the YAML of a configuration file: one section per key's first part. */
  static String limitsYaml() {
    StringBuilder yaml = new StringBuilder();
    String section = null;
    for (Limit limit : LIMITS) {
      String[] path = limit.key().split("\\.", 2);
      if (!path[0].equals(section)) {
        section = path[0];
        yaml.append(section).append(":\n");
      }
      yaml.append("  ").append(path[1]).append(": ").append(limit.value()).append('\n');
    }
    return yaml.toString();
  }

  /** The stream every bad event is aimed at: nothing may ever be written to it. */
  static final String REJECTS = "rejects";

  /** A declared stream whose name has a '.', for a name that collides with it. */
  static final String DOTTED_STREAM = "collide.me";

  /** A topic created outside the gateway (no stream), for a name that collides with it. */
  static final String OUTSIDE_TOPIC = "outside.made";

  /** U+D800 as CESU-8 encodes it (ED A0 80): not UTF-8, so protobuf refuses the message. */
  static final byte[] CESU8_SURROGATE = {(byte) 0xed, (byte) 0xa0, (byte) 0x80};

  /** "a", a byte that never occurs in UTF-8 (0xFF), "b". */
  static final byte[] A_FF_B = {'a', (byte) 0xff, 'b'};

  /**
   * How a case reaches the gateway. Each method sends one request (or call) and returns the status
   * the gateway answered with: the call's, or for a per-event result, the result's.
   */
  interface Rpcs {
    Status publish(PublishRequest request);

    /** {@code Publish} with the request message compressed with gzip. */
    Status publishGzip(PublishRequest request);

    /** {@code Publish} with {@code message} as the request message's bytes, whatever they are. */
    Status publishBytes(byte[] message);

    Status publishBatch(PublishBatchRequest request);

    /** {@code PublishBatch} with {@code message} as the request message's bytes. */
    Status publishBatchBytes(byte[] message);

    /** The status of the result at {@code index} of a {@code PublishBatch} call that succeeds. */
    Status publishBatchResult(PublishBatchRequest request, int index);

    /** The status of the one result of a {@code PublishStream} call that sends {@code request}. */
    Status publishStreamResult(PublishRequest request);

    /**
     * Opens a {@code Subscribe} call, sends {@code requests}, and returns how the gateway ended it.
     */
    Status subscribe(SubscribeRequest... requests);

    Status admin(Consumer<AdminServiceGrpc.AdminServiceBlockingStub> call);
  }

  /**
   * One bad input: its name (as the document shows it, Markdown), how it is sent, the status it
   * must get, and a part of the status's message.
   */
  record Case(String name, Function<Rpcs, Status> send, Status.Code status, String messagePart) {}

  private BadInputCatalogue() {}

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();

    // Publish: the request's own fields
    cases.add(
        bad(
            "Publish: no stream",
            r -> r.publish(request().setStream("").build()),
            Status.Code.INVALID_ARGUMENT,
            "stream is required"));
    cases.add(
        bad(
            "Publish: undeclared stream",
            r -> r.publish(request().setStream("nope").build()),
            Status.Code.NOT_FOUND,
            "stream 'nope' is not a declared stream"));
    cases.add(
        bad(
            "Publish: Kafka's internal topic `__consumer_offsets`",
            r -> r.publish(request().setStream("__consumer_offsets").build()),
            Status.Code.INVALID_ARGUMENT,
            "stream '__consumer_offsets'"));
    cases.add(
        bad(
            "Publish: a character Kafka forbids in the stream name (`orders/eu`)",
            r -> r.publish(request().setStream("orders/eu").build()),
            Status.Code.INVALID_ARGUMENT,
            "stream 'orders/eu'"));
    cases.add(
        bad(
            "Publish: a stream name longer than Kafka allows (250)",
            r -> r.publish(request().setStream("s".repeat(250)).build()),
            Status.Code.INVALID_ARGUMENT,
            "stream is 250 characters"));
    cases.add(
        bad(
            "Publish: no event",
            r -> r.publish(PublishRequest.newBuilder().setStream(REJECTS).build()),
            Status.Code.INVALID_ARGUMENT,
            "event is required"));

    // Publish: the event's fields
    cases.add(badEvent("no subject", e -> e.setSubject(""), "event.subject is required"));
    cases.add(badEvent("no type", e -> e.setType(""), "event.type is required"));
    cases.add(badEvent("no source", e -> e.setSource(""), "event.source is required"));
    cases.add(
        badEvent(
            "subject over `max-field-length`",
            e -> e.setSubject("s".repeat(MAX_FIELD_LENGTH + 1)),
            "event.subject"));
    cases.add(
        badEvent(
            "id over `max-id-length`", e -> e.setId("i".repeat(MAX_ID_LENGTH + 1)), "event.id"));
    cases.add(
        badEvent(
            "`data_content_type` over `max-field-length`",
            e -> e.setDataContentType("t".repeat(MAX_FIELD_LENGTH + 1)),
            "event.data_content_type"));
    cases.add(
        badEvent(
            "data over `max-data-bytes`",
            e -> e.setData(ByteString.copyFrom(new byte[MAX_DATA_BYTES + 1])),
            "event.data"));
    cases.add(
        badEvent(
            "an upper-case attribute name",
            e -> e.putAttributes("Tenant", "acme"),
            "event.attributes"));
    cases.add(
        badEvent(
            "an attribute name over 20 characters",
            e -> e.putAttributes("a".repeat(21), "x"),
            "a".repeat(21)));
    cases.add(
        badEvent(
            "a reserved attribute name (`specversion`, a context attribute)",
            e -> e.putAttributes("specversion", "2.0"),
            "specversion"));
    cases.add(
        badEvent(
            "a reserved header name (`ce_id`) as an attribute",
            e -> e.putAttributes("ce_id", "forged"),
            "ce_id"));
    cases.add(
        badEvent(
            "more attributes than `max-attributes`",
            e -> {
              for (int i = 0; i <= MAX_ATTRIBUTES; i++) {
                e.putAttributes("attr" + i, "v");
              }
              return e;
            },
            "event.attributes has " + (MAX_ATTRIBUTES + 1) + " entries"));
    cases.add(
        badEvent(
            "an attribute value over `max-attribute-value-length`",
            e -> e.putAttributes("tenant", "v".repeat(MAX_ATTRIBUTE_VALUE_LENGTH + 1)),
            "event.attributes.tenant"));
    cases.add(
        badEvent(
            "a time after 9999-12-31",
            e -> e.setTime(Timestamp.newBuilder().setSeconds(253_402_300_800L)),
            "event.time"));
    cases.add(
        badEvent(
            "a time whose nanos are out of range",
            e -> e.setTime(Timestamp.newBuilder().setSeconds(1).setNanos(1_000_000_000)),
            "event.time"));

    // Publish: CloudEvents strings (no control characters, noncharacters, unpaired surrogates)
    cases.add(
        badEvent(
            "CR LF in `source` (a forged header line)",
            e -> e.setSource("/orders\r\nx-forged: 1"),
            "event.source holds the control character U+000D at index 7"));
    cases.add(
        badEvent(
            "NUL in `subject`",
            e -> e.setSubject("order-1\u0000"),
            "event.subject holds the control character U+0000 at index 7"));
    cases.add(
        badEvent(
            "a C1 control character (U+0085) in `type`",
            e -> e.setType("com.example\u0085"),
            "event.type holds the control character U+0085"));
    cases.add(
        badEvent(
            "LF in `id`", e -> e.setId("id\n2"), "event.id holds the control character U+000A"));
    cases.add(
        badEvent(
            "a tab in an attribute value",
            e -> e.putAttributes("tenant", "acme\tcorp"),
            "event.attributes.tenant holds the control character U+0009"));
    cases.add(
        badEvent(
            "LF in an attribute name",
            e -> e.putAttributes("ten\nant", "acme"),
            "event.attributes key 'ten\\u000aant' is not a CloudEvents attribute name"));
    cases.add(
        badEvent(
            "the noncharacter U+FFFF in `subject`",
            e -> e.setSubject("order\uffff"),
            "event.subject holds the Unicode noncharacter U+FFFF"));
    cases.add(
        badEvent(
            "a `data_content_type` that is not a media type (`json`)",
            e -> e.setDataContentType("json"),
            "event.data_content_type 'json' is not a media type"));
    cases.add(
        badEvent(
            "a `data_content_type` parameter without a value (`text/plain; charset`)",
            e -> e.setDataContentType("text/plain; charset"),
            "event.data_content_type 'text/plain; charset' is not a media type"));
    cases.add(
        bad(
            "Publish: an unpaired surrogate, CESU-8 encoded, in `source` (protobuf refuses it)",
            r ->
                r.publishBytes(
                    corrupt(
                        request().setEvent(event("bad").setSource("@@@")).build(),
                        "@@@",
                        CESU8_SURROGATE)),
            Status.Code.INVALID_ARGUMENT,
            "event.source is not valid UTF-8"));
    cases.add(
        bad(
            "Publish: the byte 0xFF in an attribute value (protobuf refuses it)",
            r ->
                r.publishBytes(
                    corrupt(
                        request().setEvent(event("bad").putAttributes("tenant", "@@@")).build(),
                        "@@@",
                        A_FF_B)),
            Status.Code.INVALID_ARGUMENT,
            "event.attributes.tenant is not valid UTF-8"));

    // Publish: the message itself
    cases.add(
        bad(
            "Publish: a message over `max-inbound-message-bytes`",
            r ->
                r.publish(
                    request()
                        .setEvent(
                            event("big").setData(randomBytes(MAX_INBOUND_MESSAGE_BYTES + 1024)))
                        .build()),
            Status.Code.RESOURCE_EXHAUSTED,
            "exceeds maximum size " + MAX_INBOUND_MESSAGE_BYTES));
    cases.add(
        bad(
            "Publish: a gzip message that inflates past `max-inbound-message-bytes`",
            r ->
                r.publishGzip(
                    request()
                        .setEvent(
                            event("bomb")
                                .setData(
                                    ByteString.copyFrom(new byte[4 * MAX_INBOUND_MESSAGE_BYTES])))
                        .build()),
            Status.Code.RESOURCE_EXHAUSTED,
            "exceeds maximum size " + MAX_INBOUND_MESSAGE_BYTES));
    cases.add(
        bad(
            "Publish: bytes that are not a protobuf message",
            r -> r.publishBytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01}),
            Status.Code.INVALID_ARGUMENT,
            "eventgateway.v1.PublishRequest"));
    cases.add(
        bad(
            "Publish: invalid UTF-8 in a string field",
            // field 1 (stream), length 2, the bytes C3 28: not UTF-8
            r -> r.publishBytes(new byte[] {0x0a, 0x02, (byte) 0xc3, 0x28}),
            Status.Code.INVALID_ARGUMENT,
            "stream is not valid UTF-8"));

    // PublishBatch
    cases.add(
        bad(
            "PublishBatch: no events",
            r -> r.publishBatch(PublishBatchRequest.newBuilder().setStream(REJECTS).build()),
            Status.Code.INVALID_ARGUMENT,
            "events"));
    cases.add(
        bad(
            "PublishBatch: more than `max-batch-events`",
            r -> {
              PublishBatchRequest.Builder batch = PublishBatchRequest.newBuilder();
              batch.setStream(REJECTS);
              for (int i = 0; i <= MAX_BATCH_EVENTS; i++) {
                batch.addEvents(event("many-" + i));
              }
              return r.publishBatch(batch.build());
            },
            Status.Code.INVALID_ARGUMENT,
            "events has " + (MAX_BATCH_EVENTS + 1)));
    cases.add(
        bad(
            "PublishBatch: undeclared stream",
            r ->
                r.publishBatch(
                    PublishBatchRequest.newBuilder()
                        .setStream("nope")
                        .addEvents(event("x"))
                        .build()),
            Status.Code.NOT_FOUND,
            "stream 'nope'"));
    cases.add(
        bad(
            "PublishBatch: the event at index 2 has no subject (its own result)",
            r ->
                r.publishBatchResult(
                    PublishBatchRequest.newBuilder()
                        .setStream(REJECTS)
                        .addEvents(event("b-0").setType(""))
                        .addEvents(event("b-1").setSource(""))
                        .addEvents(event("b-2").setSubject(""))
                        .build(),
                    2),
            Status.Code.INVALID_ARGUMENT,
            "events[2].subject is required"));

    cases.add(
        bad(
            "PublishBatch: CR in the subject of the event at index 1 (its own result)",
            r ->
                r.publishBatchResult(
                    PublishBatchRequest.newBuilder()
                        .setStream(REJECTS)
                        .addEvents(event("b-0").setType(""))
                        .addEvents(event("b-1\r"))
                        .build(),
                    1),
            Status.Code.INVALID_ARGUMENT,
            "events[1].subject holds the control character U+000D"));
    cases.add(
        bad(
            "PublishBatch: invalid UTF-8 in the event at index 2 (the whole request fails)",
            r -> {
              PublishBatchRequest.Builder batch = PublishBatchRequest.newBuilder();
              batch.setStream(REJECTS);
              for (int i = 0; i < 4; i++) {
                batch.addEvents(event(i == 2 ? "@@@" : "utf-" + i));
              }
              return r.publishBatchBytes(corrupt(batch.build(), "@@@", CESU8_SURROGATE));
            },
            Status.Code.INVALID_ARGUMENT,
            "events[2].subject is not valid UTF-8"));

    // PublishStream
    cases.add(
        bad(
            "PublishStream: an event on an internal topic (`__transaction_state`)",
            r -> r.publishStreamResult(request().setStream("__transaction_state").build()),
            Status.Code.INVALID_ARGUMENT,
            "stream '__transaction_state'"));
    cases.add(
        bad(
            "PublishStream: an event with a reserved attribute (`time`)",
            r ->
                r.publishStreamResult(
                    request().setEvent(event("s").putAttributes("time", "yesterday")).build()),
            Status.Code.INVALID_ARGUMENT,
            "event.attributes key 'time' is reserved"));

    cases.add(
        bad(
            "PublishStream: an event with LF in `type`",
            r ->
                r.publishStreamResult(
                    request().setEvent(event("s").setType("com.example\ncreated")).build()),
            Status.Code.INVALID_ARGUMENT,
            "event.type holds the control character U+000A"));

    // Subscribe
    cases.add(
        bad(
            "Subscribe: the first request is an ack",
            r ->
                r.subscribe(
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
            r -> r.subscribe(SubscribeRequest.getDefaultInstance()),
            Status.Code.INVALID_ARGUMENT,
            "the first request must be a subscribe"));
    cases.add(
        bad(
            "Subscribe: a second subscribe on the same call",
            r -> r.subscribe(subscribe(subscription(REJECTS)), subscribe(subscription(REJECTS))),
            Status.Code.INVALID_ARGUMENT,
            "subscribe is allowed only as the first request"));
    cases.add(
        bad(
            "Subscribe: undeclared stream",
            r -> r.subscribe(subscribe(subscription("nope"))),
            Status.Code.NOT_FOUND,
            "stream 'nope'"));
    cases.add(
        bad(
            "Subscribe: Kafka's internal topic",
            r -> r.subscribe(subscribe(subscription("__consumer_offsets"))),
            Status.Code.INVALID_ARGUMENT,
            "stream '__consumer_offsets'"));
    cases.add(
        bad(
            "Subscribe: a group name with characters Kafka tools cannot handle",
            r -> r.subscribe(subscribe(subscription(REJECTS).setGroup("my group!"))),
            Status.Code.INVALID_ARGUMENT,
            "group 'my group!'"));
    cases.add(
        bad(
            "Subscribe: an internal group name (`__esg-x`)",
            r -> r.subscribe(subscribe(subscription(REJECTS).setGroup("__esg-x"))),
            Status.Code.INVALID_ARGUMENT,
            "group '__esg-x' is an internal name"));
    cases.add(
        bad(
            "Subscribe: the group of another stream",
            r -> r.subscribe(subscribe(subscription(REJECTS).setGroup("orders-billing"))),
            Status.Code.FAILED_PRECONDITION,
            "group 'orders-billing' belongs to stream 'orders'"));
    cases.add(
        bad(
            "Subscribe: a start offset for a partition the stream does not have",
            r ->
                r.subscribe(
                    subscribe(
                        subscription(REJECTS)
                            .setStartFrom(StartFrom.START_FROM_OFFSETS)
                            .putStartOffsets(7, 0))),
            Status.Code.OUT_OF_RANGE,
            "start_offsets[7]"));
    cases.add(
        bad(
            "Subscribe: a negative start offset",
            r ->
                r.subscribe(
                    subscribe(
                        subscription(REJECTS)
                            .setStartFrom(StartFrom.START_FROM_OFFSETS)
                            .putStartOffsets(0, -5))),
            Status.Code.OUT_OF_RANGE,
            "start_offsets[0] is -5"));
    cases.add(
        bad(
            "Subscribe: `START_FROM_TIME` without `start_time`",
            r ->
                r.subscribe(
                    subscribe(subscription(REJECTS).setStartFrom(StartFrom.START_FROM_TIME))),
            Status.Code.INVALID_ARGUMENT,
            "start_time"));
    cases.add(
        bad(
            "Subscribe: a `start_time` in the future",
            r ->
                r.subscribe(
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
            "Subscribe: a `start_time` before year 1",
            r ->
                r.subscribe(
                    subscribe(
                        subscription(REJECTS)
                            .setStartFrom(StartFrom.START_FROM_TIME)
                            .setStartTime(Timestamp.newBuilder().setSeconds(-62_135_596_801L)))),
            Status.Code.INVALID_ARGUMENT,
            "start_time"));
    cases.add(
        bad(
            "Subscribe: a start offset with a group",
            r ->
                r.subscribe(
                    subscribe(
                        subscription(REJECTS)
                            .setGroup("g-offsets")
                            .setStartFrom(StartFrom.START_FROM_OFFSETS)
                            .putStartOffsets(0, 0))),
            Status.Code.INVALID_ARGUMENT,
            "start_from cannot be an offset or a time with a group"));
    cases.add(
        bad(
            "Subscribe: `COMMITTED` without a group",
            r ->
                r.subscribe(
                    subscribe(subscription(REJECTS).setStartFrom(StartFrom.START_FROM_COMMITTED))),
            Status.Code.INVALID_ARGUMENT,
            "start_from cannot be COMMITTED without a group"));
    cases.add(
        bad(
            "Subscribe: `max_unacknowledged` over its limit (10,000)",
            r -> r.subscribe(subscribe(subscription(REJECTS).setMaxUnacknowledged(10_001))),
            Status.Code.INVALID_ARGUMENT,
            "max_unacknowledged is 10001"));
    cases.add(
        bad(
            "Subscribe: an ack for an offset never delivered",
            r ->
                r.subscribe(
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
            createStream(
                c ->
                    c.setStream("__consumer_offsets")
                        .setStreamClass(StreamClass.STREAM_CLASS_EVENTS)),
            Status.Code.INVALID_ARGUMENT,
            "stream '__consumer_offsets'"));
    cases.add(
        bad(
            "CreateStream: a character Kafka forbids (`orders eu`)",
            createStream(
                c -> c.setStream("orders eu").setStreamClass(StreamClass.STREAM_CLASS_EVENTS)),
            Status.Code.INVALID_ARGUMENT,
            "stream 'orders eu'"));
    cases.add(
        bad(
            "CreateStream: no class",
            createStream(c -> c.setStream("new1")),
            Status.Code.INVALID_ARGUMENT,
            "stream_class is required"));
    cases.add(
        bad(
            "CreateStream: negative partitions",
            createStream(
                c ->
                    c.setStream("new2")
                        .setStreamClass(StreamClass.STREAM_CLASS_EVENTS)
                        .setPartitions(-3)),
            Status.Code.INVALID_ARGUMENT,
            "partitions"));
    cases.add(
        bad(
            "CreateStream: a stream that exists",
            createStream(c -> c.setStream(REJECTS).setStreamClass(StreamClass.STREAM_CLASS_EVENTS)),
            Status.Code.ALREADY_EXISTS,
            "stream 'rejects' is declared already"));
    cases.add(
        bad(
            "CreateStream: a name that collides in Kafka with a declared stream (`collide_me`)",
            createStream(
                c -> c.setStream("collide_me").setStreamClass(StreamClass.STREAM_CLASS_EVENTS)),
            Status.Code.ALREADY_EXISTS,
            "stream 'collide_me' collides with the declared stream '" + DOTTED_STREAM + "'"));
    cases.add(
        bad(
            "CreateStream: a name that collides with a topic made outside the gateway"
                + " (`outside_made`)",
            createStream(
                c -> c.setStream("outside_made").setStreamClass(StreamClass.STREAM_CLASS_EVENTS)),
            Status.Code.ALREADY_EXISTS,
            "stream 'outside_made' collides with the existing topic '" + OUTSIDE_TOPIC + "'"));
    cases.add(
        bad(
            "DescribeStream: undeclared stream",
            r ->
                r.admin(
                    a ->
                        a.describeStream(
                            DescribeStreamRequest.newBuilder().setStream("nope").build())),
            Status.Code.NOT_FOUND,
            "stream 'nope'"));
    cases.add(
        bad(
            "DescribeConsumerGroup: an invalid group name",
            r ->
                r.admin(
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
            reset(c -> c),
            Status.Code.INVALID_ARGUMENT,
            "to is required"));
    cases.add(
        bad(
            "ResetConsumerGroup: a time in the future",
            reset(
                c ->
                    c.setTo(ResetTo.RESET_TO_TIME)
                        .setTime(
                            Timestamp.newBuilder()
                                .setSeconds(Instant.now().plusSeconds(3600).getEpochSecond()))),
            Status.Code.OUT_OF_RANGE,
            "time is in the future"));
    cases.add(
        bad(
            "ResetConsumerGroup: an offset past a partition's end",
            reset(c -> c.setTo(ResetTo.RESET_TO_OFFSETS).putOffsets(0, 1_000_000)),
            Status.Code.OUT_OF_RANGE,
            "offsets hold an offset outside the log (stream 'rejects' partition 0"));
    return List.copyOf(cases);
  }

  // ---- the requests ----

  /** A valid event: the cases change one thing in it. */
  static Event.Builder event(String subject) {
    return Event.newBuilder()
        .setSource("/tests/bad-input")
        .setType("com.example.checked")
        .setSubject(subject)
        .setData(ByteString.copyFromUtf8("{}"));
  }

  /** A valid request to the stream bad events are aimed at. */
  static PublishRequest.Builder request() {
    return PublishRequest.newBuilder().setStream(REJECTS).setEvent(event("bad"));
  }

  /**
   * {@code message}'s bytes with the one occurrence of {@code marker} (ASCII) replaced by {@code
   * replacement}, of the same length: a string field protobuf would never write.
   */
  static byte[] corrupt(Message message, String marker, byte[] replacement) {
    byte[] bytes = message.toByteArray();
    byte[] target = marker.getBytes(StandardCharsets.US_ASCII);
    int found = -1;
    for (int i = 0; i + target.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + target.length, target, 0, target.length)) {
        if (found >= 0) {
          throw new IllegalArgumentException("'" + marker + "' occurs more than once");
        }
        found = i;
      }
    }
    if (found < 0 || replacement.length != target.length) {
      throw new IllegalArgumentException("no '" + marker + "' of the replacement's length");
    }
    System.arraycopy(replacement, 0, bytes, found, replacement.length);
    return bytes;
  }

  static ByteString randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return ByteString.copyFrom(bytes);
  }

  private static Case bad(
      String name, Function<Rpcs, Status> send, Status.Code status, String messagePart) {
    return new Case(name, send, status, messagePart);
  }

  /** A {@code Publish} of a valid request whose event {@code change} makes invalid. */
  private static Case badEvent(
      String what, UnaryOperator<Event.Builder> change, String messagePart) {
    return bad(
        "Publish: " + what,
        r -> r.publish(request().setEvent(change.apply(event("bad"))).build()),
        Status.Code.INVALID_ARGUMENT,
        messagePart);
  }

  private static Subscription.Builder subscription(String stream) {
    return Subscription.newBuilder().setStream(stream);
  }

  private static SubscribeRequest subscribe(Subscription.Builder subscription) {
    return SubscribeRequest.newBuilder().setSubscribe(subscription).build();
  }

  private static Function<Rpcs, Status> createStream(
      UnaryOperator<CreateStreamRequest.Builder> request) {
    return r ->
        r.admin(a -> a.createStream(request.apply(CreateStreamRequest.newBuilder()).build()));
  }

  /** ResetConsumerGroup of group g-reset on the stream bad events are aimed at. */
  private static Function<Rpcs, Status> reset(
      UnaryOperator<ResetConsumerGroupRequest.Builder> request) {
    return r ->
        r.admin(
            a ->
                a.resetConsumerGroup(
                    request
                        .apply(
                            ResetConsumerGroupRequest.newBuilder()
                                .setStream(REJECTS)
                                .setGroup("g-reset"))
                        .build()));
  }
}
