package io.eventgateway.kafka.subscribe;

import static io.eventgateway.kafka.subscribe.TestStreams.event;
import static io.eventgateway.kafka.subscribe.TestStreams.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.eventgateway.core.domain.AckLedger.AckResult;
import io.eventgateway.core.domain.Delivery;
import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.DeliverySubscription;
import io.eventgateway.core.port.out.EventSourceException;
import io.eventgateway.core.port.out.EventSourceException.Kind;
import io.eventgateway.core.port.out.FeedSpec;
import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.kafka.cloudevents.CloudEventRecords;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Feeds without a group on a real broker: start positions, checks, flow control, the end. */
class KafkaEventSourceFeedTest {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration QUIET = Duration.ofMillis(500);

  private static TestStreams streams;
  private static KafkaEventSource source;
  private final List<DeliverySubscription> opened = new ArrayList<>();

  @BeforeAll
  static void start() {
    streams = new TestStreams(KAFKA.bootstrapServers());
    source =
        new KafkaEventSource(
            KafkaSubscriberSettings.defaults(KafkaConnection.to(KAFKA.bootstrapServers()))
                .withRequestTimeout(Duration.ofSeconds(5)));
  }

  @AfterAll
  static void stop() {
    source.close();
    streams.close();
  }

  @AfterEach
  void closeFeeds() {
    opened.forEach(DeliverySubscription::cancel);
  }

  private DeliverySubscription open(
      StreamDefinition stream, FeedSpec spec, RecordingSubscriber listener) {
    source.open(stream, spec, listener);
    DeliverySubscription feed = listener.subscription();
    opened.add(feed);
    return feed;
  }

  private static FeedSpec alone(StartPosition start) {
    return new FeedSpec(Optional.empty(), start, true, 1000);
  }

  private static List<String> ids(List<Delivery> deliveries) {
    return deliveries.stream().map(d -> d.event().id()).toList();
  }

  @Test
  void earliestDeliversEveryRecordInOffsetOrderPerPartitionWithEveryAttribute() {
    StreamDefinition stream = stream(KAFKA.createTopic("earliest", 2), 2);
    Instant stamped = Instant.parse("2024-06-01T10:00:00.250Z");
    Map<String, Event> written = new java.util.HashMap<>();
    for (int i = 0; i < 3; i++) {
      Event event = event("p0-" + i);
      streams.write(stream.name(), 0, stamped.plusSeconds(i), event);
      written.put(event.id(), event);
    }
    for (int i = 0; i < 2; i++) {
      Event event = event("p1-" + i);
      streams.write(stream.name(), 1, stamped.plusSeconds(i), event);
      written.put(event.id(), event);
    }
    RecordMetadata foreign =
        streams.writeForeign(stream.name(), 1, stamped, "customer-7", "{\"raw\":true}");
    RecordingSubscriber listener = new RecordingSubscriber();

    DeliverySubscription feed = open(stream, alone(StartPosition.EARLIEST), listener);
    feed.request(100);

    await().atMost(WAIT).until(() -> listener.count() == 6);
    assertThat(listener.offsets(0)).containsExactly(0L, 1L, 2L);
    assertThat(listener.offsets(1)).containsExactly(0L, 1L, 2L);
    assertThat(ids(listener.of(0))).containsExactly("p0-0", "p0-1", "p0-2");
    for (Delivery delivery : listener.deliveries()) {
      assertThat(delivery.stream()).isEqualTo(stream.name());
      if (delivery.offset() < 2 || delivery.partition() == 0) {
        assertThat(delivery.event()).isEqualTo(written.get(delivery.event().id()));
        assertThat(delivery.timestamp()).isEqualTo(stamped.plusSeconds(delivery.offset()));
      }
    }
    Delivery other = listener.of(1).get(2);
    assertThat(other.offset()).isEqualTo(foreign.offset());
    assertThat(other.timestamp()).isEqualTo(stamped);
    Event event = other.event();
    assertThat(event.id()).isEqualTo(stream.name() + "-1-2");
    assertThat(event.source()).isEqualTo("/kafka/" + stream.name());
    assertThat(event.type()).isEqualTo(CloudEventRecords.FOREIGN_RECORD_TYPE);
    assertThat(event.subject()).isEqualTo("customer-7");
    assertThat(event.time()).isEqualTo(stamped);
    assertThat(event.contentType()).isEmpty();
    assertThat(event.attributes()).isEmpty();
    assertThat(new String(event.data().toByteArray(), StandardCharsets.UTF_8))
        .isEqualTo("{\"raw\":true}");
  }

  @Test
  void latestDeliversOnlyEventsWrittenAfterTheFeedOpened() {
    StreamDefinition stream = stream(KAFKA.createTopic("latest", 2), 2);
    streams.fill(stream.name(), 2, 2, "before");
    RecordingSubscriber listener = new RecordingSubscriber();

    DeliverySubscription feed = open(stream, alone(StartPosition.LATEST), listener);
    feed.request(100);
    streams.fill(stream.name(), 2, 2, "after");

    await().atMost(WAIT).until(() -> listener.count() >= 4);
    assertThat(ids(listener.deliveries()))
        .containsExactlyInAnyOrder("after-0-0", "after-0-1", "after-1-0", "after-1-1");
    assertThat(listener.offsets(0)).containsExactly(2L, 3L);
  }

  @Test
  void atOffsetsStartsThereAndReadsOnlyThePartitionsListed() {
    StreamDefinition stream = stream(KAFKA.createTopic("offsets", 3), 3);
    streams.fill(stream.name(), 3, 5, "e");
    RecordingSubscriber listener = new RecordingSubscriber();

    DeliverySubscription feed =
        open(stream, alone(new StartPosition.AtOffsets(Map.of(1, 2L, 2, 5L))), listener);
    feed.request(100);
    await().atMost(WAIT).until(() -> listener.count() == 3);
    // partition 2 starts at its end: only what comes next; partition 0 is not read at all
    streams.write(stream.name(), 0, event("later-0"));
    streams.write(stream.name(), 2, event("later-2"));

    await().atMost(WAIT).until(() -> listener.count() == 4);
    assertThat(listener.offsets(1)).containsExactly(2L, 3L, 4L);
    assertThat(ids(listener.of(1))).containsExactly("e-1-2", "e-1-3", "e-1-4");
    assertThat(ids(listener.of(2))).containsExactly("later-2");
    assertThat(listener.of(0)).isEmpty();
  }

  @Test
  void atTimeDeliversExactlyTheEventsStampedAtOrAfterTheTime() {
    StreamDefinition stream = stream(KAFKA.createTopic("time", 2), 2);
    Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    for (int partition = 0; partition < 2; partition++) {
      for (int i = 0; i < 3; i++) {
        streams.write(stream.name(), partition, base.plusSeconds(i), event("old-" + partition + i));
      }
    }
    Instant time = base.plusSeconds(60);
    for (int partition = 0; partition < 2; partition++) {
      // the first of the second batch is stamped exactly at the time
      for (int i = 0; i < 2; i++) {
        streams.write(stream.name(), partition, time.plusSeconds(i), event("new-" + partition + i));
      }
    }
    RecordingSubscriber listener = new RecordingSubscriber();

    DeliverySubscription feed = open(stream, alone(new StartPosition.AtTime(time)), listener);
    feed.request(100);

    await().atMost(WAIT).until(() -> listener.count() >= 4);
    assertThat(ids(listener.deliveries()))
        .containsExactlyInAnyOrder("new-00", "new-01", "new-10", "new-11");
    assertThat(listener.offsets(0)).containsExactly(3L, 4L);
  }

  @Test
  void aTimeAfterEveryEventStartsAtTheEnd() {
    StreamDefinition stream = stream(KAFKA.createTopic("time-end", 1), 1);
    streams.write(stream.name(), 0, Instant.now().minusSeconds(600), event("old"));
    RecordingSubscriber listener = new RecordingSubscriber();

    DeliverySubscription feed =
        open(stream, alone(new StartPosition.AtTime(Instant.now().minusSeconds(60))), listener);
    feed.request(100);
    streams.write(stream.name(), 0, event("new"));

    await().atMost(WAIT).until(() -> listener.count() >= 1);
    assertThat(ids(listener.deliveries())).containsExactly("new");
  }

  @Test
  void startPositionsOutsideTheLogAreOutOfRangeAndStartNothing() {
    StreamDefinition stream = stream(KAFKA.createTopic("range", 2), 2);
    streams.fill(stream.name(), 1, 5, "e"); // partition 0: offsets 0 to 4; partition 1 empty
    RecordingSubscriber listener = new RecordingSubscriber();

    EventSourceException above =
        outOfRange(stream, new StartPosition.AtOffsets(Map.of(0, 6L)), listener);
    assertThat(above.getMessage())
        .contains("partition 0", "offset 6", "are 0 (the earliest event kept) to 5 (the end");
    EventSourceException below =
        outOfRange(stream, new StartPosition.AtOffsets(Map.of(1, -1L)), listener);
    assertThat(below.getMessage())
        .contains("partition 1", "offset -1", "are 0 (the earliest event kept) to 0 (the end");
    EventSourceException unknown =
        outOfRange(stream, new StartPosition.AtOffsets(Map.of(0, 0L, 2, 0L)), listener);
    assertThat(unknown.getMessage()).contains("no partition 2", "0 to 1");
    EventSourceException future =
        outOfRange(stream, new StartPosition.AtTime(Instant.now().plusSeconds(3600)), listener);
    assertThat(future.getMessage()).contains("in the future");

    assertThat(openFeedsOf(source, stream)).isEmpty();
    assertThat(listener.endCalls()).isZero();
  }

  private EventSourceException outOfRange(
      StreamDefinition stream, StartPosition start, RecordingSubscriber listener) {
    EventSourceException failure =
        catchThrowableOfType(
            EventSourceException.class, () -> source.open(stream, alone(start), listener));
    assertThat(failure).as("opening at %s", start).isNotNull();
    assertThat(failure.kind()).isEqualTo(Kind.OUT_OF_RANGE);
    return failure;
  }

  @Test
  void aMissingTopicIsNotFound() {
    StreamDefinition stream = stream(KafkaBrokerExtension.uniqueTopicName("missing"), 1);

    EventSourceException failure =
        catchThrowableOfType(
            EventSourceException.class,
            () -> source.open(stream, alone(StartPosition.EARLIEST), new RecordingSubscriber()));

    assertThat(failure.kind()).isEqualTo(Kind.UNKNOWN_STREAM);
    assertThat(failure.getMessage()).contains(stream.name(), "does not exist");
    assertThat(openFeedsOf(source, stream)).isEmpty();
  }

  @Test
  void anUnreachableClusterIsUnavailableWithinTheRequestTimeout() {
    try (KafkaEventSource nowhere =
        new KafkaEventSource(
            KafkaSubscriberSettings.defaults(KafkaConnection.to("127.0.0.1:1"))
                .withRequestTimeout(Duration.ofSeconds(1)))) {
      long started = System.nanoTime();

      EventSourceException failure =
          catchThrowableOfType(
              EventSourceException.class,
              () ->
                  nowhere.open(
                      stream("anywhere", 1),
                      alone(StartPosition.EARLIEST),
                      new RecordingSubscriber()));

      assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
      assertThat(failure.getMessage()).contains("127.0.0.1:1", "1000 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void aGroupWithAnOffsetOrTimeIsABugOfTheCaller() {
    StreamDefinition stream = stream("any", 1);
    for (StartPosition start :
        List.of(
            new StartPosition.AtOffsets(Map.of(0, 0L)), new StartPosition.AtTime(Instant.EPOCH))) {
      assertThatThrownBy(
              () ->
                  source.open(
                      stream,
                      new FeedSpec(Optional.of("g"), start, true, 10),
                      new RecordingSubscriber()))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(
            () -> source.open(stream, alone(StartPosition.COMMITTED), new RecordingSubscriber()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deliversOnlyWhatWasRequested() {
    StreamDefinition stream = stream(KAFKA.createTopic("credits", 1), 1);
    streams.fill(stream.name(), 1, 20, "e");
    RecordingSubscriber listener = new RecordingSubscriber();

    DeliverySubscription feed = open(stream, alone(StartPosition.EARLIEST), listener);
    feed.request(0);
    await().during(QUIET).atMost(WAIT).until(() -> listener.count() == 0);

    feed.request(5);
    await().atMost(WAIT).until(() -> listener.count() == 5);
    await().during(QUIET).atMost(WAIT).until(() -> listener.count() == 5);
    assertThat(listener.offsets(0)).containsExactly(0L, 1L, 2L, 3L, 4L);

    feed.request(15);
    await().atMost(WAIT).until(() -> listener.count() == 20);
    assertThatThrownBy(() -> feed.request(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stopsAtTheUnacknowledgedWindowAndGoesOnAfterAcks() {
    StreamDefinition stream = stream(KAFKA.createTopic("window", 1), 1);
    streams.fill(stream.name(), 1, 10, "e");
    RecordingSubscriber listener = new RecordingSubscriber();

    DeliverySubscription feed =
        open(stream, new FeedSpec(Optional.empty(), StartPosition.EARLIEST, false, 3), listener);
    feed.request(100);
    await().atMost(WAIT).until(() -> listener.count() == 3);
    await().during(QUIET).atMost(WAIT).until(() -> listener.count() == 3);

    assertThat(feed.acknowledge(0, 0)).isEqualTo(AckResult.ACKNOWLEDGED);
    assertThat(feed.acknowledge(0, 2)).isEqualTo(AckResult.ACKNOWLEDGED);
    assertThat(feed.acknowledge(0, 2)).isEqualTo(AckResult.IGNORED);
    assertThat(feed.acknowledge(0, 7)).isEqualTo(AckResult.NEVER_DELIVERED);
    await().atMost(WAIT).until(() -> listener.count() == 5);
    await().during(QUIET).atMost(WAIT).until(() -> listener.count() == 5);
    assertThat(listener.offsets(0)).containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void acknowledgingFromInsideTheListenerKeepsTheFeedGoing() {
    StreamDefinition stream = stream(KAFKA.createTopic("inline-ack", 1), 1);
    streams.fill(stream.name(), 1, 50, "e");
    AtomicReference<DeliverySubscription> feedRef = new AtomicReference<>();
    RecordingSubscriber listener =
        new RecordingSubscriber(
            delivery -> feedRef.get().acknowledge(delivery.partition(), delivery.offset()));
    DeliverySubscription feed =
        open(stream, new FeedSpec(Optional.empty(), StartPosition.EARLIEST, false, 1), listener);
    feedRef.set(feed);

    feed.request(50);

    await().atMost(WAIT).until(() -> listener.count() == 50);
  }

  @Test
  void closeEndsTheFeedOnceWithoutAFailure() {
    StreamDefinition stream = stream(KAFKA.createTopic("close", 1), 1);
    streams.fill(stream.name(), 1, 3, "e");
    RecordingSubscriber listener = new RecordingSubscriber();
    DeliverySubscription feed = open(stream, alone(StartPosition.EARLIEST), listener);
    feed.request(100);
    await().atMost(WAIT).until(() -> listener.count() == 3);

    feed.cancel();
    feed.cancel();

    await().atMost(WAIT).until(listener::ended);
    assertThat(listener.end()).isEmpty();
    await().atMost(WAIT).until(() -> openFeedsOf(source, stream).isEmpty());
    streams.write(stream.name(), 0, event("after-close"));
    await().during(QUIET).atMost(WAIT).until(() -> listener.count() == 3);
    assertThat(listener.endCalls()).isEqualTo(1);
  }

  @Test
  void aListenerThatThrowsEndsTheFeedWithAFailure() {
    StreamDefinition stream = stream(KAFKA.createTopic("throws", 1), 1);
    streams.fill(stream.name(), 1, 5, "e");
    RecordingSubscriber listener =
        new RecordingSubscriber(
            delivery -> {
              if (delivery.offset() == 1) {
                throw new IllegalStateException("client gone");
              }
            });
    DeliverySubscription feed = open(stream, alone(StartPosition.EARLIEST), listener);

    feed.request(100);

    await().atMost(WAIT).until(listener::ended);
    assertThat(listener.end())
        .hasValueSatisfying(
            failure -> {
              assertThat(failure.kind()).isEqualTo(Kind.FAILED);
              assertThat(failure.getMessage()).contains("client gone");
            });
    assertThat(listener.offsets(0)).containsExactly(0L, 1L);
    await().during(QUIET).atMost(WAIT).until(() -> listener.endCalls() == 1);
  }

  @Test
  void closingTheSourceEndsEveryFeedAndRefusesNewOnes() {
    StreamDefinition stream = stream(KAFKA.createTopic("source-close", 1), 1);
    streams.fill(stream.name(), 1, 1, "e");
    KafkaEventSource closing =
        new KafkaEventSource(
            KafkaSubscriberSettings.defaults(KafkaConnection.to(KAFKA.bootstrapServers())));
    RecordingSubscriber first = new RecordingSubscriber();
    RecordingSubscriber second = new RecordingSubscriber();
    closing.open(stream, alone(StartPosition.EARLIEST), first);
    first.subscription().request(10);
    closing.open(stream, alone(StartPosition.LATEST), second);
    await().atMost(WAIT).until(() -> first.count() == 1);

    closing.close();

    assertThat(first.end()).isEmpty();
    assertThat(second.end()).isEmpty();
    assertThat(closing.openFeeds()).isZero();
    assertThat(openFeedsOf(closing, stream)).isEmpty();
    EventSourceException refused =
        catchThrowableOfType(
            EventSourceException.class,
            () -> closing.open(stream, alone(StartPosition.EARLIEST), new RecordingSubscriber()));
    assertThat(refused.kind()).isEqualTo(Kind.UNAVAILABLE);
  }

  /** The feeds of {@code stream} open on {@code source}, by their documented names. */
  static List<String> openFeedsOf(KafkaEventSource source, StreamDefinition stream) {
    return source.openFeedNames().stream()
        .filter(name -> name.startsWith("esg-feed-" + stream.name() + "-"))
        .toList();
  }
}
