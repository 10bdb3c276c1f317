package io.eventgateway.kafka.subscribe;

import io.eventgateway.core.port.SubscriberBudget;
import io.eventgateway.kafka.KafkaConnection;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link KafkaEventSource} configures and drives its consumers. Immutable; validates eagerly.
 *
 * <p>What wins in a consumer's configuration, from weakest to strongest:
 *
 * <ol>
 *   <li>Kafka's own consumer defaults;
 *   <li>these typed settings that map to a consumer setting: {@code max.poll.records} (the smaller
 *       of {@link #maxPollRecords()} and the budget's {@link SubscriberBudget#recordsPerPoll()}),
 *       {@code fetch.max.bytes} and {@code max.partition.fetch.bytes} (the budget's {@link
 *       SubscriberBudget#fetchBytes()}), {@code metric.reporters} empty and {@code
 *       enable.metrics.push=false} (nothing reads a feed consumer's metrics, which cost heap per
 *       subscription), {@code receive.buffer.bytes=-1} (the system's socket buffer sizing: a feed
 *       polls without waiting, and one read per poll must take a whole fetch response), and the
 *       adapter's defaults: {@code partition.assignment.strategy} = the cooperative sticky assignor
 *       (incremental rebalances: members keep delivering from the partitions they keep), unless
 *       {@code group.protocol=consumer} is set, whose rebalances are incremental anyway;
 *   <li>the connection's {@linkplain KafkaConnection#clientProperties() client properties}, passed
 *       through unchanged (e.g. {@code session.timeout.ms}, {@code heartbeat.interval.ms}, {@code
 *       fetch.max.bytes}, {@code group.protocol}, security settings);
 *   <li>the keys the adapter sets from each feed, which nothing overrides: {@code group.id}, {@code
 *       enable.auto.commit} (always false: the adapter commits what was acknowledged), {@code
 *       auto.offset.reset} (from the start position), the deserializers and {@code
 *       group.instance.id} (static membership would make two feeds of one group fence each other).
 *       Client properties that name one of {@link #RESERVED_KEYS} are rejected here, so a
 *       contradiction fails at start-up instead of being silently ignored. Also set, as for
 *       producers: {@code allow.auto.create.topics=false} (a feed never creates its stream's topic)
 *       and {@code client.id} ({@code <client.id property>-feed-<stream>-<n>}, or {@code
 *       esg-feed-<stream>-<n>}).
 * </ol>
 *
 * @param connection the cluster and the client properties every consumer gets (required)
 * @param pollTimeout the longest one {@code poll} waits for records; also how soon a feed notices
 *     it was closed while it waits (default 100 ms)
 * @param maxPollRecords {@code max.poll.records}: the most records one poll returns, and so the
 *     most a feed holds that its client has not taken yet (default 500)
 * @param commitInterval how often a feed with a group commits what was acknowledged since, without
 *     waiting for the answer (default 200 ms)
 * @param closeTimeout how long closing a consumer may take, leaving its group included (default 5
 *     s)
 * @param requestTimeout the longest a blocking request may take: the checks {@link
 *     KafkaEventSource#open} makes before it returns (the stream's partitions and offsets) and each
 *     synchronous commit (default 10 s)
 * @param budget what one feed may hold, which sets its fetch sizes and records per poll (default
 *     {@link SubscriberBudget#DEFAULT_MAX_BUFFERED_BYTES} for records up to 1 MiB)
 */
public record KafkaSubscriberSettings(
    KafkaConnection connection,
    Duration pollTimeout,
    int maxPollRecords,
    Duration commitInterval,
    Duration closeTimeout,
    Duration requestTimeout,
    SubscriberBudget budget) {

  /** The budget of {@link #defaults}: the default bytes, for records up to 1 MiB. */
  public static final SubscriberBudget DEFAULT_BUDGET =
      new SubscriberBudget(SubscriberBudget.DEFAULT_MAX_BUFFERED_BYTES, 1024 * 1024);

  public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(100);
  public static final int DEFAULT_MAX_POLL_RECORDS = 500;
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(200);
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Consumer settings that only the adapter sets; client properties may not name them. */
  public static final Set<String> RESERVED_KEYS =
      Set.of(
          "group.id",
          "enable.auto.commit",
          "auto.offset.reset",
          "key.deserializer",
          "value.deserializer",
          "group.instance.id");

  public KafkaSubscriberSettings {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(pollTimeout, "pollTimeout");
    Objects.requireNonNull(commitInterval, "commitInterval");
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(budget, "budget");
    for (String key : connection.clientProperties().keySet()) {
      if (RESERVED_KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "Kafka client property '"
                + key
                + "' cannot be set: the gateway sets it for each subscription (group.id from the"
                + " subscription's group, enable.auto.commit=false, auto.offset.reset from its"
                + " start position, byte-array deserializers, no group.instance.id)");
      }
    }
    requireMillis(pollTimeout, "pollTimeout", 1);
    if (maxPollRecords < 1) {
      throw new IllegalArgumentException("maxPollRecords must be positive, was " + maxPollRecords);
    }
    requireMillis(commitInterval, "commitInterval", 1);
    requireMillis(closeTimeout, "closeTimeout", 0);
    requireMillis(requestTimeout, "requestTimeout", 1);
  }

  /** The defaults listed above, for {@code connection}. */
  public static KafkaSubscriberSettings defaults(KafkaConnection connection) {
    return new KafkaSubscriberSettings(
        connection,
        DEFAULT_POLL_TIMEOUT,
        DEFAULT_MAX_POLL_RECORDS,
        DEFAULT_COMMIT_INTERVAL,
        DEFAULT_CLOSE_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_BUDGET);
  }

  public KafkaSubscriberSettings withPollTimeout(Duration value) {
    return new KafkaSubscriberSettings(
        connection, value, maxPollRecords, commitInterval, closeTimeout, requestTimeout, budget);
  }

  public KafkaSubscriberSettings withMaxPollRecords(int value) {
    return new KafkaSubscriberSettings(
        connection, pollTimeout, value, commitInterval, closeTimeout, requestTimeout, budget);
  }

  public KafkaSubscriberSettings withCommitInterval(Duration value) {
    return new KafkaSubscriberSettings(
        connection, pollTimeout, maxPollRecords, value, closeTimeout, requestTimeout, budget);
  }

  public KafkaSubscriberSettings withCloseTimeout(Duration value) {
    return new KafkaSubscriberSettings(
        connection, pollTimeout, maxPollRecords, commitInterval, value, requestTimeout, budget);
  }

  public KafkaSubscriberSettings withRequestTimeout(Duration value) {
    return new KafkaSubscriberSettings(
        connection, pollTimeout, maxPollRecords, commitInterval, closeTimeout, value, budget);
  }

  public KafkaSubscriberSettings withBudget(SubscriberBudget value) {
    return new KafkaSubscriberSettings(
        connection,
        pollTimeout,
        maxPollRecords,
        commitInterval,
        closeTimeout,
        requestTimeout,
        value);
  }

  /** {@code max.poll.records}: {@link #maxPollRecords()}, fewer if the budget holds fewer. */
  public int recordsPerPoll() {
    return Math.min(maxPollRecords, budget.recordsPerPoll());
  }

  private static void requireMillis(Duration value, String name, long min) {
    if (value.toMillis() < min || value.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " ms and " + Integer.MAX_VALUE + " ms, was " + value);
    }
  }
}
