package io.eventgateway.kafka.publish;

import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.LogPosition;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.out.EventLog;
import io.eventgateway.core.port.out.EventLogException;
import io.eventgateway.core.port.out.EventLogException.Kind;
import io.eventgateway.kafka.cloudevents.CloudEventRecords;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventLog} on Kafka: one producer per {@link Durability}, each event one record in the
 * stream's topic, in the CloudEvents binary mode ({@link CloudEventRecords}).
 *
 * <ul>
 *   <li>{@link Durability#CRITICAL}: {@code acks=all}, {@code enable.idempotence=true}, {@code
 *       max.in.flight.requests.per.connection=5}: acknowledged once every in-sync replica has the
 *       event (at least the topic's {@code min.insync.replicas}); retries neither duplicate nor
 *       reorder.
 *   <li>{@link Durability#STANDARD}: {@code acks=1}, {@code enable.idempotence=false}, {@code
 *       max.in.flight.requests.per.connection=1}: acknowledged once the partition leader has the
 *       event; one request in flight keeps retries in order.
 * </ul>
 *
 * All other producer settings come from {@link KafkaPublisherSettings}, which also says what
 * overrides what.
 *
 * <p>Threading: {@link #append} runs on the caller's thread and returns once the record is in the
 * producer's buffer; it blocks only while the producer waits for a topic's metadata or for buffer
 * space, at most {@link KafkaPublisherSettings#maxBlock()} ({@link #warmUp} fetches metadata ahead
 * so the first events do not wait). The returned stage completes on the producer's I/O thread, or
 * on the caller's thread when the producer refused the record at once.
 *
 * <p>Failures complete the stage with an {@link EventLogException} whose kind says whether the
 * event was written: see {@link ProducerFailures} for the rule.
 */
public final class KafkaEventLog implements EventLog, AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaEventLog.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Map<Durability, Producer<byte[], byte[]>> producers =
      new EnumMap<>(Durability.class);
  private final ProducerFailures failures;
  private final Duration defaultCloseTimeout;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Supplier<Optional<String>> unreachable;
  private final WriteTimes writeTimes;

  /** As {@link #KafkaEventLog(KafkaPublisherSettings, Supplier)}, never refusing events early. */
  public KafkaEventLog(KafkaPublisherSettings settings) {
    this(settings, Optional::empty);
  }

  /**
   * Creates both producers. They connect to the cluster lazily, on {@link #warmUp} or the first
   * append.
   *
   * <p>Each producer's {@code client.id} is the {@code client.id} client property, or {@code
   * esg-<n>} when there is none, followed by {@code -critical} or {@code -standard}.
   *
   * @param unreachable why Kafka cannot be reached now, or empty when it can (see {@link
   *     io.eventgateway.kafka.KafkaReachability#unreachableReason()}): while it says why, events
   *     are refused at once as not written (UNAVAILABLE) instead of waiting in the producer's
   *     buffer for {@code delivery.timeout.ms} and then ending with an unknown outcome. Asked once
   *     per event, so it must be cheap
   * @throws org.apache.kafka.common.config.ConfigException when the client properties are not a
   *     valid producer configuration
   */
  public KafkaEventLog(KafkaPublisherSettings settings, Supplier<Optional<String>> unreachable) {
    this(settings, unreachable, WriteTimes.NONE);
  }

  /**
   * As {@link #KafkaEventLog(KafkaPublisherSettings, Supplier)}, telling {@code writeTimes} how
   * long each written event took: timed here, in the producer's own callback, so that timing adds
   * no stage to the append's.
   */
  public KafkaEventLog(
      KafkaPublisherSettings settings,
      Supplier<Optional<String>> unreachable,
      WriteTimes writeTimes) {
    this.unreachable = unreachable;
    this.writeTimes = writeTimes;
    String clientIdBase =
        settings
            .connection()
            .clientProperties()
            .getOrDefault(ProducerConfig.CLIENT_ID_CONFIG, "esg-" + INSTANCES.incrementAndGet());
    Map<String, Object> standardConfig =
        ProducerConfigs.of(settings, Durability.STANDARD, clientIdBase + "-standard");
    this.failures =
        new ProducerFailures(
            ProducerConfigs.durationOf(standardConfig, ProducerConfig.MAX_BLOCK_MS_CONFIG),
            ProducerConfigs.durationOf(standardConfig, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
    this.defaultCloseTimeout =
        ProducerConfigs.durationOf(standardConfig, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
    try {
      for (Durability durability : Durability.values()) {
        Map<String, Object> config =
            ProducerConfigs.of(
                settings, durability, clientIdBase + "-" + ProducerConfigs.label(durability));
        producers.put(durability, new KafkaProducer<>(config));
      }
    } catch (KafkaException | IllegalArgumentException invalid) {
      producers.values().forEach(producer -> producer.close(Duration.ZERO));
      throw invalid;
    }
    LOGGER.debug(
        "Kafka event log ready: producers {}-critical and {}-standard for {}",
        clientIdBase,
        clientIdBase,
        settings.connection());
  }

  /**
   * Publishes both producers' own metrics (send rate, batch size, compression rate, retries,
   * errors, request latency, buffer use; see Kafka's producer monitoring documentation) to {@code
   * registry}, as {@code kafka.producer.*} with a {@code durability} tag besides Micrometer's
   * {@code client.id}. Close the returned handle before the registry, and call at most once.
   */
  public AutoCloseable bindMetrics(MeterRegistry registry) {
    List<KafkaClientMetrics> bound = new ArrayList<>();
    producers.forEach(
        (durability, producer) -> {
          KafkaClientMetrics metrics =
              new KafkaClientMetrics(
                  producer, Tags.of("durability", ProducerConfigs.label(durability)));
          metrics.bindTo(registry);
          bound.add(metrics);
        });
    return () -> bound.forEach(KafkaClientMetrics::close);
  }

  @Override
  public CompletionStage<LogPosition> append(StreamDefinition stream, Event event) {
    CompletableFuture<LogPosition> result = new CompletableFuture<>();
    if (closed.get()) {
      result.completeExceptionally(failures.closed(stream.name()));
      return result;
    }
    Optional<String> down = unreachable.get();
    if (down.isPresent()) {
      result.completeExceptionally(failures.unreachable(stream.name(), down.get()));
      return result;
    }
    WriteCallback callback = new WriteCallback(stream, result, System.nanoTime());
    try {
      Future<RecordMetadata> unused =
          producers
              .get(stream.durability())
              .send(CloudEventRecords.toRecord(stream.name(), event), callback);
    } catch (RuntimeException refused) {
      result.completeExceptionally(failures.notTaken(stream.name(), refused));
    } finally {
      callback.sendReturned = true;
    }
    return result;
  }

  /**
   * Fetches the metadata of the streams' topics, each into the producer of its durability, so the
   * first events do not wait for it. Blocks; call at start-up, after the topics exist.
   *
   * @throws EventLogException {@code UNAVAILABLE} when a topic's metadata does not come within
   *     {@link KafkaPublisherSettings#maxBlock()} (cluster unreachable or topic missing), {@code
   *     FAILED} on any other refusal (e.g. not authorized)
   */
  public void warmUp(Collection<StreamDefinition> streams) {
    for (StreamDefinition stream : streams) {
      try {
        List<PartitionInfo> partitions =
            producers.get(stream.durability()).partitionsFor(stream.name());
        LOGGER.debug("stream {}: metadata of {} partitions", stream.name(), partitions.size());
      } catch (RuntimeException refused) {
        EventLogException failure = failures.notTaken(stream.name(), refused);
        throw new EventLogException(
            failure.kind() == Kind.TOO_LARGE ? Kind.FAILED : failure.kind(),
            "cannot fetch the metadata of stream '"
                + stream.name()
                + "': "
                + refused.getClass().getSimpleName()
                + ": "
                + refused.getMessage(),
            refused);
      }
    }
  }

  /**
   * Stops taking events, then closes both producers in parallel, each sending what it holds for up
   * to {@code timeout} before it gives up on the rest (whose stages then fail with {@code
   * OUTCOME_UNKNOWN}). Blocks for at most about {@code timeout}. Idempotent.
   */
  public void close(Duration timeout) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    Thread standardCloser =
        new Thread(
            () -> producers.get(Durability.STANDARD).close(timeout), "esg-close-standard-producer");
    standardCloser.start();
    producers.get(Durability.CRITICAL).close(timeout);
    try {
      standardCloser.join();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      LOGGER.warn("interrupted while closing the standard producer");
    }
    LOGGER.debug(
        "Kafka event log closed in {} ms",
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  /** {@link #close(Duration)} with the delivery timeout, after which every event has an outcome. */
  @Override
  public void close() {
    close(defaultCloseTimeout);
  }

  /** Completes an append's stage from the producer's callback. */
  private final class WriteCallback implements Callback {
    private final StreamDefinition definition;
    private final String stream;
    private final long sent;
    private final CompletableFuture<LogPosition> result;
    private final Thread caller = Thread.currentThread();

    /** Written and read only by the caller's thread: a callback on another thread ignores it. */
    boolean sendReturned;

    WriteCallback(StreamDefinition definition, CompletableFuture<LogPosition> result, long sent) {
      this.definition = definition;
      this.stream = definition.name();
      this.result = result;
      this.sent = sent;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception error) {
      if (error == null) {
        if (metadata.hasOffset()) {
          writeTimes.written(definition, System.nanoTime() - sent);
          result.complete(new LogPosition(metadata.partition(), metadata.offset()));
        } else {
          result.completeExceptionally(failures.noOffset(stream));
        }
      } else if (Thread.currentThread() == caller && !sendReturned) {
        // the producer refused the record inside send(), before it joined a batch
        result.completeExceptionally(failures.notTaken(stream, error));
      } else {
        result.completeExceptionally(failures.afterSend(stream, error));
      }
    }
  }
}
