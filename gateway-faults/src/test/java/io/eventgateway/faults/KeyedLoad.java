package io.eventgateway.faults;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A steady load for fault tests: an idempotent {@code acks=all} producer that sends keyed records
 * at a fixed rate until {@link #stop() stopped}, and remembers how each send ended.
 *
 * <p>Record {@code n} of key {@code k} has key {@code k} and value {@code n}: sequence numbers per
 * key, from 0, in the order the sends were made. A send is acknowledged when the producer's
 * callback reports its offset, failed when it reports an exception; a send still open when the load
 * is stopped is waited for.
 *
 * <p>Sends come from one scheduler thread; callbacks from the producer's I/O thread; the counters
 * may be read from any thread.
 */
final class KeyedLoad {
  /** One send: the record's key and its sequence number among that key's records. */
  record Send(String key, int sequence) {}

  private final KafkaProducer<String, String> producer;
  private final String topic;
  private final int keys;
  private final int recordsPerTick;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "keyed-load");
            thread.setDaemon(true);
            return thread;
          });
  private final int[] nextSequence;
  private final AtomicInteger sent = new AtomicInteger();
  private final Set<Send> acknowledged = ConcurrentHashMap.newKeySet();
  private final Map<Send, Exception> failed = new ConcurrentHashMap<>();
  private boolean stopped;

  private KeyedLoad(String bootstrapServers, String topic, int keys, int recordsPerTick) {
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                // the most idempotence allows while keeping order per partition
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                5,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.CLIENT_ID_CONFIG,
                "keyed-load"),
            new StringSerializer(),
            new StringSerializer());
    this.topic = topic;
    this.keys = keys;
    this.recordsPerTick = recordsPerTick;
    this.nextSequence = new int[keys];
  }

  /**
   * Starts sending {@code recordsPerTick} records every {@code tick}, to {@code keys} keys in turn
   * ({@code key-0}, {@code key-1}, ...).
   */
  static KeyedLoad start(
      String bootstrapServers, String topic, int keys, int recordsPerTick, Duration tick) {
    KeyedLoad load = new KeyedLoad(bootstrapServers, topic, keys, recordsPerTick);
    // sendSome never throws; stop() ends the schedule
    var unused =
        load.scheduler.scheduleAtFixedRate(
            load::sendSome, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    return load;
  }

  private void sendSome() {
    for (int i = 0; i < recordsPerTick; i++) {
      int keyIndex = sent.get() % keys;
      Send send = new Send("key-" + keyIndex, nextSequence[keyIndex]++);
      sent.incrementAndGet();
      try {
        // the outcome comes to the callback; the returned future adds nothing
        var unused =
            producer.send(
                new ProducerRecord<>(topic, send.key(), Integer.toString(send.sequence())),
                (metadata, exception) -> {
                  if (exception == null) {
                    acknowledged.add(send);
                  } else {
                    failed.put(send, exception);
                  }
                });
      } catch (RuntimeException refused) {
        // refused before it was queued (the producer closed, the thread interrupted): a failed
        // send, and the schedule goes on (an exception would cancel it silently)
        failed.put(send, refused);
      }
    }
  }

  /** Sends made so far. */
  int sent() {
    return sent.get();
  }

  /** Sends acknowledged so far. */
  int acknowledgedCount() {
    return acknowledged.size();
  }

  /** Sends failed so far. */
  int failedCount() {
    return failed.size();
  }

  /** The acknowledged sends; complete once {@link #stop()} has returned. */
  Set<Send> acknowledged() {
    return Set.copyOf(acknowledged);
  }

  /** The failed sends and why, as "key/sequence: exception" lines. */
  String describeFailures() {
    return failed.entrySet().stream()
        .map(entry -> entry.getKey() + ": " + entry.getValue())
        .sorted()
        .collect(Collectors.joining("\n"));
  }

  /**
   * Stops sending and waits until every send made has ended (acknowledged or failed), then closes
   * the producer. Idempotent.
   */
  synchronized void stop() throws InterruptedException {
    if (stopped) {
      return;
    }
    stopped = true;
    scheduler.shutdown();
    if (!scheduler.awaitTermination(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the load's sender did not stop within 60 s");
    }
    producer.flush();
    producer.close(Duration.ofSeconds(30));
  }
}
