package io.eventgateway.kafka.subscribe;

import io.eventgateway.core.domain.AckLedger;
import io.eventgateway.core.domain.Delivery;
import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.DeliverySubscription;
import io.eventgateway.core.port.out.EventSourceException;
import io.eventgateway.core.port.out.EventSourceException.Kind;
import io.eventgateway.core.port.out.FeedSpec;
import io.eventgateway.kafka.cloudevents.CloudEventRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open read of a stream, and its subscription: a Kafka consumer and the thread that alone uses
 * it.
 *
 * <p>The feed thread polls, turns records into deliveries and hands them to the subscriber, one at
 * a time, only while the client has {@linkplain #request(long) credit} and (without auto-ack) fewer
 * than {@link FeedSpec#maxUnacknowledged()} deliveries unacknowledged. Records it cannot hand out
 * yet wait in a buffer of at most one poll's worth ({@code max.poll.records}); while the buffer
 * holds any or the feed may not deliver, every assigned partition is paused, so a slow client never
 * makes the feed hold more. A feed that waits for credit or acknowledgements parks for up to the
 * poll timeout and is woken by {@link #request} and {@link #acknowledge}; in between it polls
 * without waiting, which keeps its group membership and rebalances going.
 *
 * <p>With a group, acknowledgements become commits ({@link GroupCommits}). Partitions revoked or
 * lost are released from the ledger and their buffered records dropped: the next owner delivers
 * their unacknowledged events again.
 *
 * <p>Threading: {@link #request}, {@link #acknowledge} and {@link #cancel} may be called from any
 * thread, also from inside the subscriber; everything else, the consumer included, belongs to the
 * feed thread. The subscriber gets {@code onSubscribe} on the opening thread in {@link #start},
 * everything after from the feed thread; {@code onComplete} or {@code onError} exactly once, last.
 */
final class KafkaFeed implements DeliverySubscription {
  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaFeed.class);

  private final String name;
  private final StreamDefinition stream;
  private final FeedSpec spec;
  private final Flow.Subscriber<? super Delivery> subscriber;
  private final Consumer<byte[], byte[]> consumer;
  private final KafkaSubscriberSettings settings;
  private final Set<KafkaFeed> openFeeds;
  private final Thread thread;
  private final AckLedger ledger = new AckLedger();
  private final GroupCommits commits;
  private final AtomicLong credits = new AtomicLong();

  /** Bytes the subscriber still allows ({@link #allowBytes}); no bound until it sets one. */
  private final AtomicLong bytesAllowed = new AtomicLong(Long.MAX_VALUE);

  private final AtomicBoolean closeRequested = new AtomicBoolean();

  /** Records polled and not delivered yet, in poll order. Feed thread only. */
  private final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer = new ArrayDeque<>();

  /**
   * @param name the feed's name, also its thread's
   * @param consumer a consumer made for this feed alone; the feed closes it
   * @param openFeeds where the feed is registered while its thread runs
   */
  KafkaFeed(
      String name,
      StreamDefinition stream,
      FeedSpec spec,
      Flow.Subscriber<? super Delivery> subscriber,
      Consumer<byte[], byte[]> consumer,
      KafkaSubscriberSettings settings,
      Set<KafkaFeed> openFeeds) {
    this.name = name;
    this.stream = stream;
    this.spec = spec;
    this.subscriber = subscriber;
    this.consumer = consumer;
    this.settings = settings;
    this.openFeeds = openFeeds;
    this.commits =
        new GroupCommits(name, stream.name(), consumer, ledger, settings.requestTimeout());
    this.thread = new Thread(this::run, name);
    // a feed nobody closed must not keep the JVM alive; the gateway closes its source on shutdown
    this.thread.setDaemon(true);
  }

  /**
   * Subscribes to the stream's topic (with a group) or assigns the partitions of {@code
   * startOffsets} and seeks to them (without one), hands the subscriber this subscription, then
   * starts the feed thread. Called once, by the opening thread, before anything else.
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
    thread.start();
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
    LockSupport.unpark(thread);
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
      LockSupport.unpark(thread); // deliveries may go out again
    }
  }

  @Override
  public AckLedger.AckResult acknowledge(int partition, long offset) {
    AckLedger.AckResult result = ledger.acknowledge(partition, offset);
    if (result == AckLedger.AckResult.ACKNOWLEDGED && !spec.autoAck()) {
      LockSupport.unpark(thread); // the window may have opened
    }
    return result;
  }

  @Override
  public void cancel() {
    if (closeRequested.compareAndSet(false, true)) {
      LockSupport.unpark(thread);
    }
  }

  /** Waits up to {@code timeout} for the feed thread to end; whether it did. */
  boolean awaitEnd(Duration timeout) throws InterruptedException {
    thread.join(Math.max(1L, timeout.toMillis()));
    return !thread.isAlive();
  }

  // ---- the feed thread

  private void run() {
    Optional<EventSourceException> failure = Optional.empty();
    try {
      read();
    } catch (SubscriberFailure failed) {
      LOGGER.warn(
          "feed {}: the subscriber failed while taking a delivery; ending the feed",
          name,
          failed.getCause());
      failure =
          Optional.of(
              new EventSourceException(
                  Kind.FAILED,
                  "the subscriber of stream '"
                      + stream.name()
                      + "' failed while taking a delivery: "
                      + describe(failed.getCause()),
                  failed.getCause()));
    } catch (RuntimeException | Error failed) {
      LOGGER.warn(
          "feed {}: reading stream {} failed; ending the feed", name, stream.name(), failed);
      failure = Optional.of(readFailure(failed));
    }
    finish(failure);
  }

  private void read() {
    long commitEvery = settings.commitInterval().toNanos();
    long waitNanos = settings.pollTimeout().toNanos();
    long nextCommit = System.nanoTime() + commitEvery;
    while (!closeRequested.get()) {
      if (spec.group().isPresent() && System.nanoTime() - nextCommit >= 0) {
        commits.commitAcknowledged();
        nextCommit = System.nanoTime() + commitEvery;
      }
      deliverBuffered();
      if (closeRequested.get()) {
        break;
      }
      if (buffer.isEmpty() && mayDeliver()) {
        resumeAll();
        take(consumer.poll(settings.pollTimeout()));
      } else {
        pauseAll();
        if (!mayDeliver()) {
          // woken early by request(), acknowledge() and cancel()
          LockSupport.parkNanos(this, waitNanos);
        }
        take(consumer.poll(Duration.ZERO));
      }
    }
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

  private void deliverBuffered() {
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
    }
  }

  private void take(ConsumerRecords<byte[], byte[]> records) {
    for (ConsumerRecord<byte[], byte[]> record : records) {
      buffer.addLast(record);
    }
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

  private EventSourceException readFailure(Throwable failed) {
    if (failed instanceof RetriableException) {
      return new EventSourceException(
          Kind.UNAVAILABLE,
          "Kafka did not serve stream '"
              + stream.name()
              + "' ("
              + describe(failed)
              + "); subscribe again later",
          failed);
    }
    return new EventSourceException(
        Kind.FAILED, "reading stream '" + stream.name() + "' failed: " + describe(failed), failed);
  }

  static String describe(Throwable error) {
    return error.getClass().getSimpleName() + ": " + error.getMessage();
  }

  /** The subscriber threw from {@code onNext}. */
  private static final class SubscriberFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SubscriberFailure(RuntimeException cause) {
      super(cause);
    }
  }

  /**
   * Keeps the ledger, the commits and the buffer in step with the group's assignment. Called by the
   * consumer on the feed thread, inside {@code poll} and {@code close}.
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
