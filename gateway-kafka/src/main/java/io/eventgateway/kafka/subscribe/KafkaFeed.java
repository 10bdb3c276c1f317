package io.eventgateway.kafka.subscribe;

import io.eventgateway.core.domain.AckLedger;
import io.eventgateway.core.domain.Delivery;
import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.DeliverySubscription;
import io.eventgateway.core.port.out.EventSourceException;
import io.eventgateway.core.port.out.FeedSpec;
import io.eventgateway.kafka.cloudevents.CloudEventRecords;
import io.eventgateway.kafka.subscribe.FeedFailures.SubscriberFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open read of a stream, and its subscription: a Kafka consumer, run in turns by a poller
 * thread of {@link FeedPollers} it shares with other feeds.
 *
 * <p>Each {@linkplain #step() turn} delivers buffered records to the subscriber, one at a time,
 * only while the client has {@linkplain #request(long) credit}, {@linkplain #allowBytes bytes
 * allowed} and (without auto-ack) fewer than {@link FeedSpec#maxUnacknowledged()} deliveries
 * unacknowledged, then polls without waiting. Records it cannot hand out yet wait in a buffer of at
 * most one poll's worth ({@code max.poll.records}, which follows the subscriber's budget); while
 * the buffer holds any or the feed may not deliver, every assigned partition is paused, so a slow
 * client never makes the feed hold more, and pauses only its own partitions. {@link #request},
 * {@link #allowBytes}, {@link #acknowledge} and {@link #cancel} wake the feed's poller.
 *
 * <p>With a group, acknowledgements become commits ({@link GroupCommits}). Partitions revoked or
 * lost are released from the ledger and their buffered records dropped: the next owner delivers
 * their unacknowledged events again.
 *
 * <p>Threading: {@link #request}, {@link #allowBytes}, {@link #acknowledge} and {@link #cancel} may
 * be called from any thread, also from inside the subscriber; everything else, the consumer
 * included, belongs to one thread at a time: the opening thread in {@link #start}, then the feed's
 * poller, then a closer thread that ends it. The subscriber gets {@code onSubscribe} on the opening
 * thread, deliveries on the poller; {@code onComplete} or {@code onError} exactly once, last, on
 * the closer.
 */
final class KafkaFeed implements DeliverySubscription {
  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaFeed.class);

  /** The first wait of an idle feed, in nanoseconds: 1 ms. */
  static final long MIN_IDLE_DELAY = 1_000_000L;

  private final String name;
  private final StreamDefinition stream;
  private final FeedSpec spec;
  private final Flow.Subscriber<? super Delivery> subscriber;
  private final Consumer<byte[], byte[]> consumer;
  private final KafkaSubscriberSettings settings;
  private final Set<KafkaFeed> openFeeds;
  private final FeedPollers pollers;
  private final CountDownLatch ended = new CountDownLatch(1);
  private final AtomicBoolean woken = new AtomicBoolean();

  /** The poller running this feed; null before {@link #start}. */
  private volatile FeedPollers.Handle poller;

  /** When a feed with a group commits next. Poller only. */
  private long nextCommit;

  /** Poller only. */
  private final IdleBackoff backoff;

  private final AckLedger ledger = new AckLedger();
  private final GroupCommits commits;
  private final AtomicLong credits = new AtomicLong();

  /** Bytes the subscriber still allows ({@link #allowBytes}); no bound until it sets one. */
  private final AtomicLong bytesAllowed = new AtomicLong(Long.MAX_VALUE);

  private final AtomicBoolean closeRequested = new AtomicBoolean();

  /** Records polled and not delivered yet, in poll order. Poller only. */
  private final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer = new ArrayDeque<>();

  /**
   * @param name the feed's name, for the log
   * @param consumer a consumer made for this feed alone; the feed closes it
   * @param openFeeds where the feed is registered while it runs
   * @param pollers the threads that run it and end it
   */
  KafkaFeed(
      String name,
      StreamDefinition stream,
      FeedSpec spec,
      Flow.Subscriber<? super Delivery> subscriber,
      Consumer<byte[], byte[]> consumer,
      KafkaSubscriberSettings settings,
      Set<KafkaFeed> openFeeds,
      FeedPollers pollers) {
    this.name = name;
    this.stream = stream;
    this.spec = spec;
    this.subscriber = subscriber;
    this.consumer = consumer;
    this.settings = settings;
    this.openFeeds = openFeeds;
    this.commits =
        new GroupCommits(name, stream.name(), consumer, ledger, settings.requestTimeout());
    this.pollers = pollers;
    long longest = settings.pollTimeout().toNanos();
    if (spec.group().isPresent()) {
      longest = Math.min(longest, settings.commitInterval().toNanos());
    }
    this.backoff = new IdleBackoff(Math.min(MIN_IDLE_DELAY, longest), longest);
  }

  /**
   * Subscribes to the stream's topic (with a group) or assigns the partitions of {@code
   * startOffsets} and seeks to them (without one), hands the subscriber this subscription, then
   * hands the feed to a poller. Called once, by the opening thread, before anything else.
   *
   * @param startOffsets where to start per partition; empty with a group
   */
  void start(Optional<Map<TopicPartition, Long>> startOffsets) {
    if (startOffsets.isPresent()) {
      consumer.assign(startOffsets.get().keySet());
      startOffsets.get().forEach(consumer::seek);
    } else {
      consumer.subscribe(List.of(stream.name()), new Rebalances());
    }
    subscriber.onSubscribe(this);
    openFeeds.add(this);
    nextCommit = System.nanoTime() + settings.commitInterval().toNanos();
    poller = pollers.run(this);
    LOGGER.debug(
        "feed {} started on stream {}: group {}, start {}, {}",
        name,
        stream.name(),
        spec.group().orElse("none"),
        startOffsets.map(Object::toString).orElse(spec.start().toString()),
        spec.autoAck() ? "auto-ack" : "at most " + spec.maxUnacknowledged() + " unacknowledged");
  }

  String name() {
    return name;
  }

  /**
   * @throws IllegalArgumentException when {@code deliveries} is negative
   */
  @Override
  public void request(long deliveries) {
    if (deliveries < 0) {
      throw new IllegalArgumentException("deliveries must not be negative, was " + deliveries);
    }
    if (deliveries == 0) {
      return;
    }
    credits.accumulateAndGet(
        deliveries, (current, more) -> current + more < 0 ? Long.MAX_VALUE : current + more);
    wake();
  }

  /**
   * @throws IllegalArgumentException when {@code bytes} is not positive
   */
  @Override
  public void allowBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("bytes must be positive, was " + bytes);
    }
    if (bytesAllowed.getAndSet(bytes) <= 0) {
      wake(); // deliveries may go out again
    }
  }

  @Override
  public AckLedger.AckResult acknowledge(int partition, long offset) {
    AckLedger.AckResult result = ledger.acknowledge(partition, offset);
    if (result == AckLedger.AckResult.ACKNOWLEDGED && !spec.autoAck()) {
      wake(); // the window may have opened
    }
    return result;
  }

  @Override
  public void cancel() {
    if (closeRequested.compareAndSet(false, true)) {
      wake();
    }
  }

  /** Waits up to {@code timeout} for the feed to end; whether it did. */
  boolean awaitEnd(Duration timeout) throws InterruptedException {
    return ended.await(Math.max(1L, timeout.toMillis()), TimeUnit.MILLISECONDS);
  }

  /** Asks the poller to run the next step soon. */
  private void wake() {
    woken.set(true);
    FeedPollers.Handle current = poller;
    if (current != null) {
      current.wake();
    }
  }

  /** Whether the feed was woken since the last call; clears it. Poller only. */
  boolean takeWake() {
    return woken.getAndSet(false);
  }

  // ---- on the poller

  /**
   * One turn: commits if due, delivers what it may, polls without waiting. Returns the nanoseconds
   * until the next turn (0 when it moved records, doubling from {@value #MIN_IDLE_DELAY} ns up to
   * the poll timeout while it waits for records, the poll timeout while the client may take
   * nothing: {@link #request}, {@link #allowBytes}, {@link #acknowledge} and {@link #cancel} wake
   * it earlier), or -1 once the feed ended, after which a closer finishes it.
   */
  long step() {
    Optional<EventSourceException> failure = Optional.empty();
    try {
      if (!closeRequested.get()) {
        boolean moved = turn();
        if (!closeRequested.get()) {
          return backoff.after(moved, mayDeliver());
        }
      }
    } catch (SubscriberFailure failed) {
      LOGGER.warn(
          "feed {}: the subscriber failed while taking a delivery; ending the feed",
          name,
          failed.getCause());
      failure = Optional.of(FeedFailures.subscriber(stream.name(), failed.getCause()));
    } catch (RuntimeException | Error failed) {
      LOGGER.warn(
          "feed {}: reading stream {} failed; ending the feed", name, stream.name(), failed);
      failure = Optional.of(FeedFailures.reading(stream.name(), failed));
    }
    Optional<EventSourceException> end = failure;
    pollers.end(() -> finish(end));
    return -1;
  }

  /** Whether it delivered or polled any record. */
  private boolean turn() {
    if (spec.group().isPresent() && System.nanoTime() - nextCommit >= 0) {
      commits.commitAcknowledged();
      nextCommit = System.nanoTime() + settings.commitInterval().toNanos();
    }
    boolean delivered = deliverBuffered();
    if (closeRequested.get()) {
      return delivered;
    }
    if (buffer.isEmpty() && mayDeliver()) {
      resumeAll();
    } else {
      pauseAll(); // still polled: it keeps the group membership and rebalances going
    }
    return take(consumer.poll(Duration.ZERO)) || delivered;
  }

  /**
   * Whether the client may take a delivery now: it has credit, bytes allowed and room in its
   * window.
   */
  private boolean mayDeliver() {
    return credits.get() > 0
        && bytesAllowed.get() > 0
        && (spec.autoAck() || ledger.unacknowledged() < spec.maxUnacknowledged());
  }

  /** What a record weighs against {@link #allowBytes}: its key, value and headers as stored. */
  static long weight(ConsumerRecord<byte[], byte[]> record) {
    long bytes =
        Math.max(0, record.serializedKeySize()) + (long) Math.max(0, record.serializedValueSize());
    for (Header header : record.headers()) {
      bytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
    }
    return bytes;
  }

  private boolean deliverBuffered() {
    boolean delivered = false;
    while (!buffer.isEmpty() && !closeRequested.get() && mayDeliver()) {
      ConsumerRecord<byte[], byte[]> record = buffer.pollFirst();
      Event event = CloudEventRecords.fromRecord(record);
      Delivery delivery =
          new Delivery(
              event,
              stream.name(),
              record.partition(),
              record.offset(),
              Instant.ofEpochMilli(Math.max(0L, record.timestamp())));
      credits.decrementAndGet();
      bytesAllowed.addAndGet(-weight(record));
      ledger.delivered(record.partition(), record.offset());
      try {
        subscriber.onNext(delivery);
      } catch (RuntimeException failed) {
        throw new SubscriberFailure(failed);
      }
      if (spec.autoAck()) {
        ledger.acknowledge(record.partition(), record.offset());
      }
      delivered = true;
    }
    return delivered;
  }

  /** Whether there were any. */
  private boolean take(ConsumerRecords<byte[], byte[]> records) {
    for (ConsumerRecord<byte[], byte[]> record : records) {
      buffer.addLast(record);
    }
    return !records.isEmpty();
  }

  private void pauseAll() {
    Set<TopicPartition> assigned = consumer.assignment();
    if (!assigned.isEmpty() && !consumer.paused().containsAll(assigned)) {
      consumer.pause(assigned);
    }
  }

  private void resumeAll() {
    Set<TopicPartition> paused = consumer.paused();
    if (!paused.isEmpty()) {
      consumer.resume(paused);
    }
  }

  private void dropBuffered(Collection<TopicPartition> partitions) {
    Set<Integer> numbers = new HashSet<>();
    partitions.forEach(partition -> numbers.add(partition.partition()));
    buffer.removeIf(record -> numbers.contains(record.partition()));
  }

  /**
   * Commits what was acknowledged, closes the consumer (leaving the group), ends the subscriber.
   */
  private void finish(Optional<EventSourceException> failure) {
    long started = System.nanoTime();
    try {
      if (spec.group().isPresent()) {
        commits.commitFinal();
      }
    } catch (RuntimeException failed) {
      LOGGER.warn("feed {}: the final commit failed", name, failed);
    }
    try {
      consumer.close(CloseOptions.timeout(settings.closeTimeout()));
    } catch (RuntimeException failed) {
      LOGGER.warn("feed {}: closing the consumer failed", name, failed);
    }
    buffer.clear();
    openFeeds.remove(this);
    ended.countDown();
    LOGGER.debug(
        "feed {} ended{} in {} ms",
        name,
        failure.map(f -> " with " + f.kind()).orElse(""),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    try {
      if (failure.isPresent()) {
        subscriber.onError(failure.get());
      } else {
        subscriber.onComplete();
      }
    } catch (RuntimeException failed) {
      LOGGER.warn("feed {}: the subscriber failed when told that the feed ended", name, failed);
    }
  }

  /**
   * Keeps the ledger, the commits and the buffer in step with the group's assignment. Called by the
   * consumer on the poller, inside {@code poll}, and on the closer, inside {@code close}.
   */
  private final class Rebalances implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      dropBuffered(partitions);
      commits.revoked(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      dropBuffered(partitions);
      commits.lost(partitions);
      LOGGER.info(
          "feed {}: partitions {} of stream {} were lost (the group moved on without this"
              + " member); their unacknowledged events will be delivered again",
          name,
          partitions,
          stream.name());
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (!buffer.isEmpty() || !mayDeliver()) {
        consumer.pause(partitions);
      }
      LOGGER.debug("feed {}: partitions {} assigned", name, partitions);
    }
  }
}
