package io.eventgateway.kafka.subscribe;

import static io.eventgateway.kafka.subscribe.TestStreams.event;
import static io.eventgateway.kafka.subscribe.TestStreams.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventgateway.core.domain.AckLedger.AckResult;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.out.EventSourceException.Kind;
import io.eventgateway.core.port.out.FeedSpec;
import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.kafka.cloudevents.CloudEventRecords;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The feed's loop against Kafka's {@link MockConsumer}: what it holds, pausing, rebalances and
 * failures, deterministically. Rebalances run inside the feed's own poll, as with a real consumer.
 */
class KafkaFeedTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration QUIET = Duration.ofMillis(300);

  private final StreamDefinition stream = stream("orders", 2);
  private final TopicPartition p0 = new TopicPartition("orders", 0);
  private final TopicPartition p1 = new TopicPartition("orders", 1);
  private final CommitRecordingConsumer consumer = new CommitRecordingConsumer();
  private final Set<KafkaFeed> openFeeds = ConcurrentHashMap.newKeySet();
  private final KafkaSubscriberSettings settings =
      KafkaSubscriberSettings.defaults(KafkaConnection.to("127.0.0.1:9092"))
          .withCommitInterval(Duration.ofMillis(20));
  private final FeedPollers pollers = new FeedPollers(1, 1);
  private KafkaFeed feed;

  @AfterEach
  void close() throws InterruptedException {
    if (feed != null) {
      feed.cancel();
      feed.awaitEnd(Duration.ofSeconds(10));
    }
    pollers.close(Duration.ofSeconds(10));
  }

  private KafkaFeed feed(FeedSpec spec, RecordingSubscriber listener) {
    return feed(spec, listener, settings);
  }

  private KafkaFeed feed(
      FeedSpec spec, RecordingSubscriber listener, KafkaSubscriberSettings feedSettings) {
    feed =
        new KafkaFeed(
            "esg-feed-orders-test",
            stream,
            spec,
            listener,
            consumer,
            feedSettings,
            openFeeds,
            pollers);
    return feed;
  }

  private void addRecords(TopicPartition partition, int count) {
    for (int offset = 0; offset < count; offset++) {
      ProducerRecord<byte[], byte[]> record =
          CloudEventRecords.toRecord("orders", event(partition.partition() + "-" + offset));
      byte[] value = record.value();
      ConsumerRecord<byte[], byte[]> consumed =
          new ConsumerRecord<>(
              "orders",
              partition.partition(),
              offset,
              1_700_000_000_000L + offset,
              TimestampType.CREATE_TIME,
              record.key().length,
              value.length,
              record.key(),
              value,
              record.headers(),
              Optional.empty());
      consumer.addRecord(consumed);
    }
  }

  @Test
  void holdsAtMostOnePollsWorthAndPausesWhileTheClientTakesNothing() {
    consumer.setMaxPollRecords(5);
    RecordingSubscriber listener = new RecordingSubscriber();
    feed(new FeedSpec(Optional.empty(), StartPosition.EARLIEST, true, 100), listener)
        .start(Optional.of(Map.of(p0, 0L)));
    addRecords(p0, 50);

    feed.request(1);

    await().atMost(WAIT).until(() -> listener.count() == 1);
    await().atMost(WAIT).until(() -> consumer.paused().contains(p0));
    // one poll of 5 taken from the consumer: 1 delivered, 4 held, nothing more fetched
    await().during(QUIET).atMost(WAIT).until(() -> consumer.position(p0) == 5);
    assertThat(listener.count()).isEqualTo(1);

    feed.request(100);
    await().atMost(WAIT).until(() -> listener.count() == 50);
    assertThat(listener.offsets(0)).isSorted().hasSize(50);
    await().atMost(WAIT).until(() -> consumer.paused().isEmpty());
  }

  @Test
  void revokedPartitionsCommitTheirContiguousAcksAndForgetTheRest() {
    RecordingSubscriber listener = new RecordingSubscriber();
    FeedSpec spec = new FeedSpec(Optional.of("g"), StartPosition.COMMITTED, false, 100);
    consumer.updateBeginningOffsets(Map.of(p0, 0L, p1, 0L));
    consumer.schedulePollTask(() -> consumer.rebalance(List.of(p0, p1)));
    feed(spec, listener).start(Optional.empty());
    await().atMost(WAIT).until(() -> consumer.assignment().size() == 2);
    addRecords(p0, 5);
    addRecords(p1, 5);

    feed.request(100);
    await().atMost(WAIT).until(() -> listener.count() == 10);
    for (long offset : new long[] {0, 1, 2, 4}) {
      assertThat(feed.acknowledge(0, offset)).isEqualTo(AckResult.ACKNOWLEDGED);
    }
    assertThat(feed.acknowledge(1, 0)).isEqualTo(AckResult.ACKNOWLEDGED);
    consumer.schedulePollTask(() -> consumer.rebalance(List.of(p1)));

    await().atMost(WAIT).until(() -> !consumer.assignment().contains(p0));
    await().atMost(WAIT).until(() -> committed(p0) == 3L);
    // partition 0 is someone else's now: its acks are ignored; partition 1 is still ours
    assertThat(feed.acknowledge(0, 3)).isEqualTo(AckResult.IGNORED);
    assertThat(feed.acknowledge(1, 1)).isEqualTo(AckResult.ACKNOWLEDGED);

    feed.cancel();
    await().atMost(WAIT).until(listener::ended);
    assertThat(listener.end()).isEmpty();
    assertThat(committed(p1)).isEqualTo(2L);
    assertThat(committed(p0)).isEqualTo(3L);
    assertThat(consumer.closed()).isTrue();
    assertThat(openFeeds).isEmpty();
  }

  @Test
  void lostPartitionsCommitNothing() {
    RecordingSubscriber listener = new RecordingSubscriber();
    FeedSpec spec = new FeedSpec(Optional.of("g"), StartPosition.COMMITTED, false, 100);
    consumer.updateBeginningOffsets(Map.of(p0, 0L, p1, 0L));
    consumer.schedulePollTask(() -> consumer.rebalance(List.of(p0, p1)));
    // no periodic commits: only losing or closing could commit
    feed(spec, listener, settings.withCommitInterval(Duration.ofHours(1))).start(Optional.empty());
    await().atMost(WAIT).until(() -> consumer.assignment().size() == 2);
    addRecords(p0, 3);
    feed.request(100);
    await().atMost(WAIT).until(() -> listener.count() == 3);
    feed.acknowledge(0, 0);

    consumer.schedulePollTask(() -> consumer.losePartitions(List.of(p0)));
    await().atMost(WAIT).until(() -> !consumer.assignment().contains(p0));

    assertThat(feed.acknowledge(0, 1)).isEqualTo(AckResult.IGNORED);
    feed.cancel();
    await().atMost(WAIT).until(listener::ended);
    assertThat(committed(p0)).isEqualTo(-1L);
  }

  @Test
  void aFatalKafkaErrorEndsTheFeedAsFailedAndARetriableOneAsUnavailable() {
    RecordingSubscriber fatal = new RecordingSubscriber();
    feed(new FeedSpec(Optional.empty(), StartPosition.EARLIEST, true, 100), fatal)
        .start(Optional.of(Map.of(p0, 0L)));
    consumer.setPollException(new KafkaException("broken"));

    await().atMost(WAIT).until(fatal::ended);
    assertThat(fatal.end())
        .hasValueSatisfying(
            failure -> {
              assertThat(failure.kind()).isEqualTo(Kind.FAILED);
              assertThat(failure.getMessage()).contains("orders", "broken");
            });
    assertThat(consumer.closed()).isTrue();

    MockConsumer<byte[], byte[]> other = new MockConsumer<>("earliest");
    RecordingSubscriber retriable = new RecordingSubscriber();
    feed =
        new KafkaFeed(
            "esg-feed-orders-test2",
            stream,
            new FeedSpec(Optional.empty(), StartPosition.EARLIEST, true, 100),
            retriable,
            other,
            settings,
            openFeeds,
            pollers);
    feed.start(Optional.of(Map.of(p0, 0L)));
    other.setPollException(new DisconnectException("gone"));

    await().atMost(WAIT).until(retriable::ended);
    assertThat(retriable.end().orElseThrow().kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(fatal.endCalls()).isEqualTo(1);
    assertThat(retriable.endCalls()).isEqualTo(1);
  }

  private long committed(TopicPartition partition) {
    return consumer.lastCommit(partition);
  }

  /**
   * A mock consumer that remembers every commit: {@link MockConsumer#committed} answers only for
   * assigned partitions, and revoked ones are the point here.
   */
  private static final class CommitRecordingConsumer extends MockConsumer<byte[], byte[]> {
    private final Map<TopicPartition, Long> commits = new ConcurrentHashMap<>();

    CommitRecordingConsumer() {
      super("earliest");
    }

    @Override
    public synchronized void commitAsync(
        Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
      offsets.forEach((partition, offset) -> commits.put(partition, offset.offset()));
      super.commitAsync(offsets, callback);
    }

    /** The offset last committed for {@code partition}, -1 when none was. */
    long lastCommit(TopicPartition partition) {
      return commits.getOrDefault(partition, -1L);
    }
  }
}
