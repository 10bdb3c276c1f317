package io.eventgateway.kafka.subscribe;

import io.eventgateway.core.domain.Delivery;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.out.EventSource;
import io.eventgateway.core.port.out.EventSourceException;
import io.eventgateway.core.port.out.EventSourceException.Kind;
import io.eventgateway.core.port.out.FeedSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventSource} on Kafka: each {@linkplain #open open} feed is a {@link KafkaConsumer} of
 * its own (client id {@code esg-feed-<stream>-<n>}), run in turns with the other feeds by a few
 * poller threads ({@value #POLLER_THREADS_MIN} or one per processor, whichever is more; {@link
 * FeedPollers}); see {@link KafkaFeed} for how a feed reads, paces and commits. Without a group a
 * feed costs no thread of its own; with one, Kafka's classic group protocol adds its consumer's
 * heartbeat thread (and {@code group.protocol=consumer} a background thread per consumer, with or
 * without a group).
 *
 * <ul>
 *   <li>With a group: the consumer subscribes to the stream's topic in that consumer group (Kafka's
 *       classic protocol unless the client properties choose another) and starts from the group's
 *       committed offsets; partitions without one start at the earliest event ({@link
 *       StartPosition.Committed}, {@link StartPosition.Earliest}) or the end ({@link
 *       StartPosition.Latest}). What the client acknowledged is committed; nothing else is.
 *   <li>Without a group: the consumer assigns itself every partition (for {@link
 *       StartPosition.AtOffsets}, those listed), starts at the position asked for, resolved to
 *       offsets before {@link #open} returns (so {@code Latest} means the end at that moment), and
 *       commits nothing.
 * </ul>
 *
 * Records become events with {@link
 * io.eventgateway.kafka.cloudevents.CloudEventRecords#fromRecord}, so records any producer wrote
 * are delivered, with stand-ins for missing CloudEvents attributes.
 *
 * <p>{@link #open} blocks while it checks the request against the cluster, at most about {@link
 * KafkaSubscriberSettings#requestTimeout()}: the stream's topic must exist (a topic not found is
 * asked for again for up to {@value #TOPIC_GRACE_MILLIS} ms, as a topic created a moment ago may
 * not be in every broker's metadata yet), and start offsets and times must be within the log.
 *
 * <p>Thread-safe.
 */
public final class KafkaEventSource implements EventSource, AutoCloseable {
  /** How long a missing topic is looked for again before {@link #open} says UNKNOWN_STREAM. */
  static final long TOPIC_GRACE_MILLIS = 1000;

  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaEventSource.class);
  private static final AtomicInteger FEEDS = new AtomicInteger();
  private static final Comparator<TopicPartition> BY_PARTITION =
      Comparator.comparingInt(TopicPartition::partition);

  /** The fewest poller threads. */
  static final int POLLER_THREADS_MIN = 2;

  private static final int CLOSER_THREADS = 2;

  private final KafkaSubscriberSettings settings;
  private final Set<KafkaFeed> feeds = ConcurrentHashMap.newKeySet();
  private final FeedPollers pollers =
      new FeedPollers(
          Math.max(POLLER_THREADS_MIN, Runtime.getRuntime().availableProcessors()), CLOSER_THREADS);
  private volatile boolean closed;

  /**
   * Checks the consumer configuration {@code settings} make; connects nothing until a feed opens.
   *
   * @throws org.apache.kafka.common.config.ConfigException when the client properties are not a
   *     valid consumer configuration
   */
  public KafkaEventSource(KafkaSubscriberSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    FeedSpec sample = new FeedSpec(Optional.of("esg"), StartPosition.COMMITTED, false, 1);
    ConsumerConfig unused =
        new ConsumerConfig(ConsumerConfigs.of(settings, sample, "esg-feed-config-check"));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Blocks while it checks the request against the cluster (see the class documentation), then
   * hands {@code subscriber} a {@link KafkaFeed} and hands the feed to a poller, which delivers
   * nothing before the subscriber's first request.
   *
   * @throws EventSourceException {@code UNKNOWN_STREAM} when the stream's topic does not exist;
   *     {@code OUT_OF_RANGE} (without a group) for a start offset outside a partition's log, a
   *     partition the topic lacks or a start time in the future; {@code UNAVAILABLE} when Kafka
   *     does not answer within {@link KafkaSubscriberSettings#requestTimeout()} or this source is
   *     closed; {@code FAILED} for any other refusal (e.g. not authorized)
   * @throws IllegalArgumentException for a group with a start offset or time, or {@link
   *     StartPosition.Committed} without a group, which the core never asks for
   */
  @Override
  public void open(
      StreamDefinition stream, FeedSpec spec, Flow.Subscriber<? super Delivery> subscriber) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(subscriber, "subscriber");
    checkStart(spec);
    if (closed) {
      throw new EventSourceException(
          Kind.UNAVAILABLE,
          "the Kafka event source is closed (the gateway is shutting down); stream '"
              + stream.name()
              + "' cannot be read here");
    }
    int number = FEEDS.incrementAndGet();
    String name = "esg-feed-" + stream.name() + "-" + number;
    Consumer<byte[], byte[]> consumer = newConsumer(stream, spec, number);
    boolean started = false;
    try {
      List<Integer> partitions = partitionsOf(consumer, stream.name());
      Optional<Map<TopicPartition, Long>> startOffsets =
          spec.group().isPresent()
              ? Optional.empty()
              : Optional.of(startOffsets(consumer, stream.name(), partitions, spec.start()));
      KafkaFeed feed =
          new KafkaFeed(name, stream, spec, subscriber, consumer, settings, feeds, pollers);
      feed.start(startOffsets);
      started = true;
      if (closed) {
        feed.cancel(); // the source closed while this feed opened
      }
    } catch (KafkaException failed) {
      throw refused(stream.name(), failed);
    } finally {
      if (!started) {
        closeQuietly(consumer, name);
      }
    }
  }

  /**
   * Closes every open feed (each commits what was acknowledged and leaves its group), waits for
   * them to end, at most about {@code pollTimeout + requestTimeout + closeTimeout}, stops the
   * pollers, and refuses new feeds from now on. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    List<KafkaFeed> open = new ArrayList<>(feeds);
    open.forEach(KafkaFeed::cancel);
    Duration wait =
        settings.pollTimeout().plus(settings.requestTimeout()).plus(settings.closeTimeout());
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      for (KafkaFeed feed : open) {
        if (!feed.awaitEnd(Duration.ofNanos(Math.max(0L, deadline - System.nanoTime())))) {
          LOGGER.warn("feed {} did not end within {} ms of closing", feed.name(), wait.toMillis());
        }
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      LOGGER.warn("interrupted while waiting for {} feeds to end", open.size());
    }
    pollers.close(settings.closeTimeout());
  }

  /** Feeds open now. */
  int openFeeds() {
    return feeds.size();
  }

  /** The names of the feeds open now ({@code esg-feed-<stream>-<n>}). */
  List<String> openFeedNames() {
    return feeds.stream().map(KafkaFeed::name).toList();
  }

  private static void checkStart(FeedSpec spec) {
    StartPosition start = spec.start();
    if (spec.group().isPresent()
        && (start instanceof StartPosition.AtOffsets || start instanceof StartPosition.AtTime)) {
      throw new IllegalArgumentException(
          "a feed with a group starts from the group's committed offsets, not at " + start);
    }
    if (spec.group().isEmpty() && start instanceof StartPosition.Committed) {
      throw new IllegalArgumentException("a feed without a group has no committed offsets");
    }
    if (start instanceof StartPosition.AtOffsets offsets && offsets.offsets().isEmpty()) {
      throw new IllegalArgumentException("start offsets must name at least one partition");
    }
  }

  private Consumer<byte[], byte[]> newConsumer(StreamDefinition stream, FeedSpec spec, int number) {
    try {
      return new KafkaConsumer<>(
          ConsumerConfigs.of(
              settings, spec, ConsumerConfigs.clientId(settings, stream.name(), number)));
    } catch (KafkaException failed) {
      throw new EventSourceException(
          Kind.FAILED,
          "cannot create a Kafka consumer for stream '" + stream.name() + "': " + describe(failed),
          failed);
    }
  }

  /** The topic's partition numbers, ascending. */
  private List<Integer> partitionsOf(Consumer<byte[], byte[]> consumer, String topic) {
    long started = System.nanoTime();
    long deadline = started + settings.requestTimeout().toNanos();
    long graceEnd =
        started
            + Math.min(
                settings.requestTimeout().toNanos(),
                TimeUnit.MILLISECONDS.toNanos(TOPIC_GRACE_MILLIS));
    while (true) {
      List<PartitionInfo> found = consumer.partitionsFor(topic, remaining(deadline));
      if (found != null && !found.isEmpty()) {
        return found.stream().map(PartitionInfo::partition).sorted().toList();
      }
      if (System.nanoTime() - graceEnd >= 0) {
        throw new EventSourceException(
            Kind.UNKNOWN_STREAM,
            "stream '"
                + topic
                + "' has no topic on Kafka at "
                + settings.connection().bootstrapServers()
                + ": topic '"
                + topic
                + "' does not exist");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new EventSourceException(
            Kind.UNAVAILABLE,
            "interrupted while looking for the topic of stream '" + topic + "'",
            interrupted);
      }
    }
  }

  /**
   * Where a feed without a group starts, per partition, checked against the log.
   *
   * @param partitions the topic's partition numbers
   */
  private Map<TopicPartition, Long> startOffsets(
      Consumer<byte[], byte[]> consumer,
      String topic,
      List<Integer> partitions,
      StartPosition start) {
    Duration timeout = settings.requestTimeout();
    Map<TopicPartition, Long> offsets = new TreeMap<>(BY_PARTITION);
    if (start instanceof StartPosition.Earliest) {
      offsets.putAll(consumer.beginningOffsets(topicPartitions(topic, partitions), timeout));
    } else if (start instanceof StartPosition.Latest) {
      offsets.putAll(consumer.endOffsets(topicPartitions(topic, partitions), timeout));
    } else if (start instanceof StartPosition.AtOffsets at) {
      offsets.putAll(checkedOffsets(consumer, topic, partitions, at.offsets()));
    } else if (start instanceof StartPosition.AtTime at) {
      offsets.putAll(offsetsAt(consumer, topic, partitions, at.time()));
    } else {
      throw new IllegalArgumentException("a feed without a group cannot start at " + start);
    }
    return new LinkedHashMap<>(offsets);
  }

  private Map<TopicPartition, Long> checkedOffsets(
      Consumer<byte[], byte[]> consumer,
      String topic,
      List<Integer> partitions,
      Map<Integer, Long> requested) {
    Set<Integer> listed = new TreeMap<>(requested).keySet();
    for (int partition : listed) {
      if (!partitions.contains(partition)) {
        throw new EventSourceException(
            Kind.OUT_OF_RANGE,
            "stream '"
                + topic
                + "' has no partition "
                + partition
                + "; its partitions are 0 to "
                + (partitions.size() - 1));
      }
    }
    List<TopicPartition> asked = topicPartitions(topic, listed);
    Duration timeout = settings.requestTimeout();
    Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(asked, timeout);
    Map<TopicPartition, Long> ends = consumer.endOffsets(asked, timeout);
    Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
    for (TopicPartition partition : asked) {
      long offset = requested.get(partition.partition());
      long beginning = beginnings.get(partition);
      long end = ends.get(partition);
      if (offset < beginning || offset > end) {
        throw new EventSourceException(
            Kind.OUT_OF_RANGE,
            "stream '"
                + topic
                + "' partition "
                + partition.partition()
                + ": start offset "
                + offset
                + " is out of range; valid start offsets are "
                + beginning
                + " (the earliest event kept) to "
                + end
                + " (the end: the next event written)");
      }
      offsets.put(partition, offset);
    }
    return offsets;
  }

  private Map<TopicPartition, Long> offsetsAt(
      Consumer<byte[], byte[]> consumer, String topic, List<Integer> partitions, Instant time) {
    Instant now = Instant.now();
    if (time.isAfter(now)) {
      throw new EventSourceException(
          Kind.OUT_OF_RANGE,
          "stream '"
              + topic
              + "': start time "
              + time
              + " is in the future (it is "
              + now
              + " now); no event has that time yet");
    }
    long millis = time.isBefore(Instant.EPOCH) ? 0L : time.toEpochMilli();
    Map<TopicPartition, Long> query = new LinkedHashMap<>();
    for (TopicPartition partition : topicPartitions(topic, partitions)) {
      query.put(partition, millis);
    }
    Duration timeout = settings.requestTimeout();
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
    Map<TopicPartition, Long> ends = consumer.endOffsets(query.keySet(), timeout);
    Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
    for (TopicPartition partition : query.keySet()) {
      OffsetAndTimestamp first = found.get(partition);
      // no event at or after the time: start at the end
      offsets.put(partition, first == null ? ends.get(partition) : first.offset());
    }
    return offsets;
  }

  private static List<TopicPartition> topicPartitions(String topic, Iterable<Integer> partitions) {
    List<TopicPartition> result = new ArrayList<>();
    for (int partition : partitions) {
      result.add(new TopicPartition(topic, partition));
    }
    return result;
  }

  private EventSourceException refused(String stream, KafkaException failed) {
    if (failed instanceof TimeoutException) {
      return new EventSourceException(
          Kind.UNAVAILABLE,
          "Kafka at "
              + settings.connection().bootstrapServers()
              + " did not answer within "
              + settings.requestTimeout().toMillis()
              + " ms while opening stream '"
              + stream
              + "' ("
              + describe(failed)
              + "); check that the cluster is up and reachable with these client settings",
          failed);
    }
    if (failed instanceof RetriableException || failed instanceof InterruptException) {
      return new EventSourceException(
          Kind.UNAVAILABLE,
          "Kafka could not open stream '" + stream + "' (" + describe(failed) + "); retry later",
          failed);
    }
    return new EventSourceException(
        Kind.FAILED, "Kafka refused to open stream '" + stream + "': " + describe(failed), failed);
  }

  private void closeQuietly(Consumer<byte[], byte[]> consumer, String name) {
    try {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
    } catch (RuntimeException failed) {
      LOGGER.debug("closing the consumer of feed {}, which did not open, failed", name, failed);
    }
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0L, deadline - System.nanoTime()));
  }

  private static String describe(Throwable error) {
    return error.getClass().getSimpleName() + ": " + error.getMessage();
  }
}
