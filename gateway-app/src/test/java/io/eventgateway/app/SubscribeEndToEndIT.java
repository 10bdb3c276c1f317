package io.eventgateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.eventgateway.api.v1.AdminServiceGrpc;
import io.eventgateway.api.v1.ConsumerGroupDescription;
import io.eventgateway.api.v1.CreateStreamRequest;
import io.eventgateway.api.v1.Delivery;
import io.eventgateway.api.v1.DescribeConsumerGroupRequest;
import io.eventgateway.api.v1.DescribeStreamRequest;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.ListStreamsRequest;
import io.eventgateway.api.v1.PartitionLag;
import io.eventgateway.api.v1.PublishBatchRequest;
import io.eventgateway.api.v1.PublishResult;
import io.eventgateway.api.v1.ResetConsumerGroupRequest;
import io.eventgateway.api.v1.ResetTo;
import io.eventgateway.api.v1.StartFrom;
import io.eventgateway.api.v1.StreamClass;
import io.eventgateway.api.v1.StreamDefinition;
import io.eventgateway.api.v1.StreamDescription;
import io.eventgateway.api.v1.SubscribeRequest;
import io.eventgateway.api.v1.Subscription;
import io.eventgateway.app.cli.EsgCommand;
import io.eventgateway.app.config.ConfigSources;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subscribing and administration end to end: the gateway as {@code esg serve} runs it, real gRPC, a
 * real broker (the shared test broker).
 */
class SubscribeEndToEndIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final String EVENTS = KafkaBrokerExtension.uniqueTopicName("events");
  private static final String REPLAY = KafkaBrokerExtension.uniqueTopicName("replay");
  private static final String OFFSETS = KafkaBrokerExtension.uniqueTopicName("offsets");
  private static final String LATE = KafkaBrokerExtension.uniqueTopicName("late");
  private static final String SHARED = KafkaBrokerExtension.uniqueTopicName("shared");
  private static final String REDELIVERY = KafkaBrokerExtension.uniqueTopicName("redelivery");
  private static final String RESETS = KafkaBrokerExtension.uniqueTopicName("resets");
  private static final String FOREIGN = KafkaBrokerExtension.uniqueTopicName("foreign");
  private static final String BAD = KafkaBrokerExtension.uniqueTopicName("bad");
  private static final String CLI = KafkaBrokerExtension.uniqueTopicName("cli");
  // created at run time: in the stream registry, which every gateway on the broker reads
  private static final String CREATED = KafkaBrokerExtension.uniqueTopicName("created-at-runtime");
  private static final String SPLIT = KafkaBrokerExtension.uniqueTopicName("split");
  private static final String RETRY = KafkaBrokerExtension.uniqueTopicName("retry");
  private static final String REPLAYERS = KafkaBrokerExtension.uniqueTopicName("replayers");
  private static final String CLI_READERS = KafkaBrokerExtension.uniqueTopicName("cli-readers");

  @TempDir static Path directory;
  private static RunningGateway running;

  @BeforeAll
  static void serve() throws IOException {
    Path config = directory.resolve("esg.yaml");
    Files.writeString(
        config,
        """
        streams:
          - {name: %s, class: events, partitions: 3}
          - {name: %s, class: events, partitions: 2}
          - {name: %s, class: events, partitions: 2}
          - {name: %s, class: raw, partitions: 3}
          - {name: %s, class: events, partitions: 4}
          - {name: %s, class: events, partitions: 1}
          - {name: %s, class: events, partitions: 2}
          - {name: %s, class: events, partitions: 1}
          - {name: %s, class: events, partitions: 2}
          - {name: %s, class: events, partitions: 2}
        """
            .formatted(
                EVENTS, REPLAY, OFFSETS, LATE, SHARED, REDELIVERY, RESETS, FOREIGN, BAD, CLI));
    running = RunningGateway.onSharedBroker(KAFKA, "--config", config.toString());
  }

  @AfterAll
  static void stop() {
    if (running != null) {
      running.close();
    }
  }

  private static List<PublishResult> publish(String stream, String subject, int from, int count) {
    PublishBatchRequest.Builder batch = PublishBatchRequest.newBuilder().setStream(stream);
    for (int seq = from; seq < from + count; seq++) {
      batch.addEvents(event(subject, seq));
    }
    List<PublishResult> results = running.blocking().publishBatch(batch.build()).getResultsList();
    assertThat(results).allSatisfy(r -> assertThat(r.getStatus().getCode()).isZero());
    return results;
  }

  private static Event.Builder event(String subject, int seq) {
    return Event.newBuilder()
        .setId(subject + "-" + seq)
        .setSource("/tests/subscribe")
        .setType("com.example.counted")
        .setSubject(subject)
        .setDataContentType("text/plain")
        .setData(ByteString.copyFromUtf8(String.valueOf(seq)))
        .putAttributes("seq", String.valueOf(seq));
  }

  private static int seq(Delivery delivery) {
    return Integer.parseInt(delivery.getEvent().getAttributesOrThrow("seq"));
  }

  private static Subscription.Builder subscription(String stream) {
    return Subscription.newBuilder().setStream(stream);
  }

  private static AdminServiceGrpc.AdminServiceBlockingStub admin() {
    return AdminServiceGrpc.newBlockingStub(running.channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @Test
  void aDeliveryCarriesTheEventAsWrittenAndWhereItIs() {
    List<PublishResult> written = publish(EVENTS, "order-1", 0, 1);

    TestSubscriber subscriber =
        TestSubscriber.subscribe(
            running.channel,
            subscription(EVENTS).setStartFrom(StartFrom.START_FROM_EARLIEST).build());
    Delivery delivery =
        subscriber.awaitReceived(1).snapshot().stream()
            .filter(d -> d.getEvent().getId().equals("order-1-0"))
            .findFirst()
            .orElseThrow();
    subscriber.leave();

    assertThat(delivery.getStream()).isEqualTo(EVENTS);
    assertThat(delivery.getPartition()).isEqualTo(written.get(0).getPartition());
    assertThat(delivery.getOffset()).isEqualTo(written.get(0).getOffset());
    assertThat(delivery.hasTimestamp()).isTrue();
    Event event = delivery.getEvent();
    assertThat(event.getSource()).isEqualTo("/tests/subscribe");
    assertThat(event.getType()).isEqualTo("com.example.counted");
    assertThat(event.getSubject()).isEqualTo("order-1");
    assertThat(event.getDataContentType()).isEqualTo("text/plain");
    assertThat(event.getData().toStringUtf8()).isEqualTo("0");
    assertThat(event.getAttributesMap()).containsEntry("seq", "0");
    assertThat(event.hasTime()).isTrue();
  }

  @Test
  void replayFromATimeReturnsExactlyTheEventsFromThatTimeOn() {
    publish(REPLAY, "a", 0, 20);
    publish(REPLAY, "b", 0, 20);
    // from just after the last record written so far, by its timestamp in Kafka (the producer's
    // clock, this JVM's); the events after it get later ones once the clock has passed it
    long lastWritten =
        TopicReader.readAll(running.bootstrapServers(), REPLAY).stream()
            .mapToLong(ConsumerRecord::timestamp)
            .max()
            .orElseThrow();
    Instant from = Instant.ofEpochMilli(lastWritten + 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > lastWritten);
    publish(REPLAY, "a", 20, 10);
    publish(REPLAY, "b", 20, 10);

    TestSubscriber subscriber =
        TestSubscriber.subscribe(
            running.channel,
            subscription(REPLAY)
                .setStartFrom(StartFrom.START_FROM_TIME)
                .setStartTime(
                    com.google.protobuf.Timestamp.newBuilder()
                        .setSeconds(from.getEpochSecond())
                        .setNanos(from.getNano()))
                .setAutoAck(true)
                .build());
    subscriber.awaitReceived(20);
    // nothing more comes
    await().during(Duration.ofMillis(500)).until(() -> subscriber.received.size() == 20);
    subscriber.leave();

    assertThat(subscriber.snapshot()).extracting(SubscribeEndToEndIT::seq).allMatch(s -> s >= 20);
    assertThat(subscriber.snapshot())
        .extracting(d -> d.getEvent().getId())
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.Stream.of("a", "b")
                .flatMap(s -> java.util.stream.IntStream.range(20, 30).mapToObj(i -> s + "-" + i))
                .toList());
  }

  @Test
  void replayByOffsetReadsOnlyThePartitionsNamedFromTheOffsetOn() {
    List<PublishResult> written = publish(OFFSETS, "k", 0, 10);
    int partition = written.get(0).getPartition();
    long fifth = written.get(4).getOffset();

    TestSubscriber subscriber =
        TestSubscriber.subscribe(
            running.channel,
            subscription(OFFSETS)
                .setStartFrom(StartFrom.START_FROM_OFFSETS)
                .putStartOffsets(partition, fifth)
                .build());
    subscriber.awaitReceived(6);
    subscriber.leave();

    assertThat(subscriber.snapshot())
        .extracting(SubscribeEndToEndIT::seq)
        .containsExactly(4, 5, 6, 7, 8, 9);
  }

  @Test
  void aLateSubscriberCatchesUpFromTheEarliestAndThenGetsLiveEvents() {
    publish(LATE, "x", 0, 50);
    publish(LATE, "y", 0, 50);

    TestSubscriber subscriber =
        TestSubscriber.subscribe(
            running.channel,
            subscription(LATE).setStartFrom(StartFrom.START_FROM_EARLIEST).build(),
            d -> true);
    subscriber.awaitReceived(100);
    publish(LATE, "x", 50, 10);
    subscriber.awaitReceived(110);
    subscriber.leave();

    Map<String, List<Integer>> bySubject = new HashMap<>();
    for (Delivery delivery : subscriber.snapshot()) {
      bySubject
          .computeIfAbsent(delivery.getEvent().getSubject(), s -> new ArrayList<>())
          .add(seq(delivery));
    }
    assertThat(bySubject.get("x")).isSorted().hasSize(60);
    assertThat(bySubject.get("y")).isSorted().hasSize(50);
  }

  @Test
  void groupMembersSplitThePartitionsAndARebalanceLosesNothingAndKeepsOrder() throws Exception {
    Subscription group = subscription(SHARED).setGroup(SPLIT).build();
    TestSubscriber first = TestSubscriber.subscribe(running.channel, group, d -> true);
    TestSubscriber second = TestSubscriber.subscribe(running.channel, group, d -> true);
    // once both members hold partitions, what is published is split between them (the subjects
    // user-0..15 hash to all four partitions)
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              ConsumerGroupDescription split = describe(SPLIT, SHARED);
              return split.getState().equals("STABLE")
                  && split.getMembersCount() == 2
                  && split.getMembersList().stream().allMatch(m -> m.getPartitionsCount() > 0);
            });
    int subjects = 16;
    int perRound = 25;
    for (int s = 0; s < subjects; s++) {
      publish(SHARED, "user-" + s, 0, perRound);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> first.received.size() + second.received.size() >= subjects * perRound);
    assertThat(first.received).isNotEmpty();
    assertThat(second.received).isNotEmpty();
    Set<Integer> firstPartitions = partitions(first.snapshot());
    Set<Integer> secondPartitions = partitions(second.snapshot());
    assertThat(firstPartitions).doesNotContainAnyElementsOf(secondPartitions);
    Set<Integer> covered = new HashSet<>(firstPartitions);
    covered.addAll(secondPartitions);
    assertThat(covered)
        .as("the subjects cover every partition")
        .containsExactlyInAnyOrder(0, 1, 2, 3);

    // the first member leaves while events keep coming: the second takes its partitions over
    Thread publisher =
        new Thread(
            () -> {
              for (int round = 1; round < 5; round++) {
                for (int s = 0; s < subjects; s++) {
                  publish(SHARED, "user-" + s, round * perRound, perRound);
                }
              }
            });
    publisher.start();
    assertThat(first.leave().getCode()).isIn(Status.Code.OK, Status.Code.CANCELLED);
    publisher.join();
    // and after it left, every partition is the second member's
    for (int s = 0; s < subjects; s++) {
      publish(SHARED, "user-" + s, 5 * perRound, perRound);
    }

    int total = subjects * perRound * 6;
    Set<String> firstIds = ids(first.snapshot());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Set<String> all = new HashSet<>(firstIds);
              all.addAll(ids(second.snapshot()));
              return all.size() == total;
            });
    second.leave();

    // nothing the first member acknowledged came to the second as new
    assertThat(ids(second.snapshot())).doesNotContainAnyElementsOf(first.acked);
    // each member saw each subject in order
    assertInOrderPerSubject(first.snapshot());
    assertInOrderPerSubject(second.snapshot());
    assertThat(partitions(second.snapshot())).containsExactlyInAnyOrder(0, 1, 2, 3);
  }

  private static Set<Integer> partitions(List<Delivery> deliveries) {
    return deliveries.stream().map(Delivery::getPartition).collect(Collectors.toSet());
  }

  private static Set<String> ids(List<Delivery> deliveries) {
    return deliveries.stream().map(d -> d.getEvent().getId()).collect(Collectors.toSet());
  }

  private static void assertInOrderPerSubject(List<Delivery> deliveries) {
    Map<String, Integer> last = new HashMap<>();
    for (Delivery delivery : deliveries) {
      String subject = delivery.getEvent().getSubject();
      int seq = seq(delivery);
      assertThat(seq)
          .as("subject %s after %s", subject, last.get(subject))
          .isGreaterThan(last.getOrDefault(subject, -1));
      last.put(subject, seq);
    }
  }

  @Test
  void unacknowledgedDeliveriesComeBackAfterAReconnect() {
    publish(REDELIVERY, "r", 0, 10);
    Subscription group = subscription(REDELIVERY).setGroup(RETRY).build();

    TestSubscriber first =
        TestSubscriber.subscribe(running.channel, group, d -> seq(d) < 5 || seq(d) == 7);
    first.awaitReceived(10);
    first.leave();

    TestSubscriber second = TestSubscriber.subscribe(running.channel, group, d -> true);
    second.awaitReceived(5);
    await().during(Duration.ofMillis(300)).until(() -> second.received.size() == 5);
    second.leave();

    // 0..4 were acknowledged; 5 was not, so the group resumes there (7's ack cannot skip it)
    assertThat(second.snapshot())
        .extracting(SubscribeEndToEndIT::seq)
        .containsExactly(5, 6, 7, 8, 9);
  }

  @Test
  void aGroupIsResetOnlyWithoutLiveMembersAndLagIsEndMinusCommitted() {
    publish(RESETS, "p", 0, 6);
    publish(RESETS, "q", 0, 4);
    Subscription group = subscription(RESETS).setGroup(REPLAYERS).build();
    TestSubscriber member = TestSubscriber.subscribe(running.channel, group, d -> true);
    member.awaitReceived(10);

    ResetConsumerGroupRequest reset =
        ResetConsumerGroupRequest.newBuilder()
            .setGroup(REPLAYERS)
            .setStream(RESETS)
            .setTo(ResetTo.RESET_TO_EARLIEST)
            .build();
    assertThatThrownBy(() -> admin().resetConsumerGroup(reset))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription()).contains(REPLAYERS);
            });
    ConsumerGroupDescription live =
        admin()
            .describeConsumerGroup(
                DescribeConsumerGroupRequest.newBuilder()
                    .setGroup(REPLAYERS)
                    .setStream(RESETS)
                    .build());
    assertThat(live.getMembersList()).hasSize(1);
    member.leave();

    ConsumerGroupDescription caughtUp = describe(REPLAYERS, RESETS);
    assertThat(caughtUp.getMembersList()).isEmpty();
    assertThat(caughtUp.getTotalLag()).isZero();
    assertThat(caughtUp.getPartitionsList())
        .allSatisfy(p -> assertThat(p.getCommittedOffset()).isEqualTo(p.getEndOffset()));

    List<PartitionLag> after = admin().resetConsumerGroup(reset).getPartitionsList();
    assertThat(after).extracting(PartitionLag::getCommittedOffset).containsOnly(0L);
    ConsumerGroupDescription replaying = describe(REPLAYERS, RESETS);
    assertThat(replaying.getTotalLag()).isEqualTo(10);
    for (PartitionLag partition : replaying.getPartitionsList()) {
      assertThat(partition.getLag())
          .isEqualTo(partition.getEndOffset() - partition.getCommittedOffset());
    }

    TestSubscriber again = TestSubscriber.subscribe(running.channel, group, d -> seq(d) < 3);
    again.awaitReceived(10);
    again.leave();
    ConsumerGroupDescription partly = describe(REPLAYERS, RESETS);
    // p0..p2 and q0..q2 acknowledged: 6 of 10 events
    assertThat(partly.getTotalLag()).isEqualTo(4);
    for (PartitionLag partition : partly.getPartitionsList()) {
      assertThat(partition.getLag())
          .isEqualTo(partition.getEndOffset() - partition.getCommittedOffset());
    }
  }

  private static ConsumerGroupDescription describe(String group, String stream) {
    return admin()
        .describeConsumerGroup(
            DescribeConsumerGroupRequest.newBuilder().setGroup(group).setStream(stream).build());
  }

  @Test
  void eventsWrittenByAnyCloudEventsProducerAreDeliveredTheSameWay() throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, running.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(FOREIGN, bytes("device-9"), bytes("{\"celsius\":21.5}"));
      record.headers().add("ce_specversion", bytes("1.0"));
      record.headers().add("ce_id", bytes("ext-1"));
      record.headers().add("ce_source", bytes("/sensors"));
      record.headers().add("ce_type", bytes("com.example.reading"));
      record.headers().add("ce_subject", bytes("device-9"));
      record.headers().add("ce_time", bytes("2026-11-28T09:00:00Z"));
      record.headers().add("ce_site", bytes("north"));
      record.headers().add("content-type", bytes("application/json"));
      producer.send(record).get(30, TimeUnit.SECONDS);
    }

    TestSubscriber subscriber =
        TestSubscriber.subscribe(
            running.channel,
            subscription(FOREIGN).setStartFrom(StartFrom.START_FROM_EARLIEST).build());
    Event event = subscriber.awaitReceived(1).snapshot().get(0).getEvent();
    subscriber.leave();

    assertThat(event.getId()).isEqualTo("ext-1");
    assertThat(event.getSource()).isEqualTo("/sensors");
    assertThat(event.getType()).isEqualTo("com.example.reading");
    assertThat(event.getSubject()).isEqualTo("device-9");
    assertThat(event.getTime().getSeconds())
        .isEqualTo(Instant.parse("2026-11-28T09:00:00Z").getEpochSecond());
    assertThat(event.getDataContentType()).isEqualTo("application/json");
    assertThat(event.getData().toStringUtf8()).isEqualTo("{\"celsius\":21.5}");
    assertThat(event.getAttributesMap()).containsEntry("site", "north");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void badSubscriptionsGetAPreciseStatus() {
    assertThat(endOf(subscription("nope").build()).getCode()).isEqualTo(Status.Code.NOT_FOUND);
    Status badGroup = endOf(subscription(BAD).setGroup("no spaces").build());
    assertThat(badGroup.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badGroup.getDescription()).contains("subscribe.group");
    Status outside =
        endOf(
            subscription(BAD)
                .setStartFrom(StartFrom.START_FROM_OFFSETS)
                .putStartOffsets(0, 1_000)
                .build());
    assertThat(outside.getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
    java.time.Instant tomorrow = java.time.Instant.now().plus(Duration.ofDays(1));
    Status future =
        endOf(
            subscription(BAD)
                .setStartFrom(StartFrom.START_FROM_TIME)
                .setStartTime(
                    com.google.protobuf.Timestamp.newBuilder()
                        .setSeconds(tomorrow.getEpochSecond()))
                .build());
    assertThat(future.getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
    assertThat(future.getDescription()).contains("future");

    TestSubscriber notFirst = new TestSubscriberStarter().ackFirst();
    assertThat(notFirst.awaitEnd().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);

    TestSubscriber subscriber =
        TestSubscriber.subscribe(
            running.channel, subscription(BAD).setStartFrom(StartFrom.START_FROM_EARLIEST).build());
    subscriber.ack(1, 99);
    Status neverDelivered = subscriber.awaitEnd();
    assertThat(neverDelivered.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(neverDelivered.getDescription()).contains("offset");
  }

  private static Status endOf(Subscription subscription) {
    return TestSubscriber.subscribe(running.channel, subscription).awaitEnd();
  }

  /** Opens a Subscribe call whose first request is an ack. */
  private static final class TestSubscriberStarter {
    TestSubscriber ackFirst() {
      TestSubscriber subscriber =
          TestSubscriber.subscribe(
              running.channel, Subscription.getDefaultInstance(), d -> false, false);
      subscriber.send(
          SubscribeRequest.newBuilder()
              .setAck(io.eventgateway.api.v1.Acknowledgement.getDefaultInstance())
              .build());
      return subscriber;
    }
  }

  @Test
  void streamsAreListedDescribedAndCreated() {
    List<StreamDefinition> streams =
        admin().listStreams(ListStreamsRequest.getDefaultInstance()).getStreamsList();
    assertThat(streams).extracting(StreamDefinition::getName).contains(EVENTS, REPLAY);

    publish(OFFSETS, "described", 0, 3);
    StreamDescription offsets =
        admin().describeStream(DescribeStreamRequest.newBuilder().setStream(OFFSETS).build());
    assertThat(offsets.getDefinition().getStreamClass()).isEqualTo(StreamClass.STREAM_CLASS_EVENTS);
    assertThat(offsets.getDefinition().getRetention().getSeconds())
        .isEqualTo(Duration.ofDays(7).toSeconds());
    assertThat(offsets.getPartitionsList()).hasSize(2);
    assertThat(offsets.getPartitionsList().stream().mapToLong(p -> p.getEndOffset()).sum())
        .isGreaterThanOrEqualTo(3);

    StreamDescription created =
        admin()
            .createStream(
                CreateStreamRequest.newBuilder()
                    .setStream(CREATED)
                    .setStreamClass(StreamClass.STREAM_CLASS_AUDIT)
                    .setPartitions(2)
                    .build());
    assertThat(created.getPartitionsList()).hasSize(2);
    assertThat(TopicReader.topicConfig(running.bootstrapServers(), CREATED, "max.message.bytes"))
        .as("room for the largest valid event, as on declared streams")
        .isEqualTo(
            Integer.toString(
                new ConfigSources()
                    .resolve()
                    .config()
                    .limits()
                    .toPublishLimits()
                    .maxRecordBytes()));
    publish(CREATED, "new", 0, 1);
    assertThatThrownBy(
            () ->
                admin()
                    .createStream(
                        CreateStreamRequest.newBuilder()
                            .setStream(CREATED)
                            .setStreamClass(StreamClass.STREAM_CLASS_RAW)
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
    assertThatThrownBy(
            () ->
                admin()
                    .createStream(
                        CreateStreamRequest.newBuilder()
                            .setStream("__internal")
                            .setStreamClass(StreamClass.STREAM_CLASS_RAW)
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("stream");
            });
  }

  @Test
  void theCommandLineSubscribesListsAndReplays() {
    publish(CLI, "c", 0, 5);

    String[] first =
        esg(
            0,
            "subscribe",
            "--target",
            running.target(),
            "--stream",
            CLI,
            "--group",
            CLI_READERS,
            "--count",
            "5");
    assertThat(first[0].lines())
        .hasSize(5)
        .allMatch(line -> line.contains("\"stream\":\"" + CLI + "\""));

    String described =
        esg(0, "groups", "describe", CLI_READERS, "--stream", CLI, "--target", running.target())[0];
    assertThat(described).contains("total lag 0");

    esg(
        0,
        "groups",
        "reset",
        CLI_READERS,
        "--stream",
        CLI,
        "--to",
        "earliest",
        "--target",
        running.target());
    String[] again =
        esg(
            0,
            "subscribe",
            "--target",
            running.target(),
            "--stream",
            CLI,
            "--group",
            CLI_READERS,
            "--count",
            "5");
    assertThat(again[0]).isEqualTo(first[0]);

    assertThat(esg(0, "streams", "--target", running.target())[0]).contains(CLI).contains(EVENTS);
    assertThat(esg(1, "streams", "describe", "nope", "--target", running.target())[1])
        .contains("NOT_FOUND");
  }

  private static String[] esg(int expectedExit, String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        EsgCommand.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(arguments);
    assertThat(exit).as("exit code; stderr: %s", err).isEqualTo(expectedExit);
    return new String[] {out.toString(), err.toString()};
  }
}
