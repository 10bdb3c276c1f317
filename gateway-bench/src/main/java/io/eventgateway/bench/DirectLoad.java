package io.eventgateway.bench;

import io.eventgateway.kafka.publish.KafkaPublisherSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The baseline: a bare {@link KafkaProducer} in this JVM, one sender thread, at most {@code
 * maxOutstanding} events unacknowledged (the same concurrency the gateway side offers).
 */
final class DirectLoad implements Load {
  private final Map<String, Object> producerConfig;
  private final String topic;
  private final EventShape shape;
  private final double rate;
  private final Semaphore outstanding;
  private final Measurement measurement;
  private final Thread sender;
  private volatile boolean stopped;
  private KafkaProducer<byte[], byte[]> producer;

  DirectLoad(
      Map<String, Object> producerConfig,
      String topic,
      EventShape shape,
      double rate,
      int maxOutstanding,
      Measurement measurement) {
    this.producerConfig = producerConfig;
    this.topic = topic;
    this.shape = shape;
    this.rate = rate;
    this.outstanding = new Semaphore(maxOutstanding);
    this.measurement = measurement;
    this.sender = new Thread(this::send, "bench-direct-sender");
  }

  /** The direct producer's configuration: what the gateway's producer of this class gets. */
  static Map<String, Object> producerConfig(String servers, BenchOptions.StreamClass streamClass) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "esg-bench-direct");
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, KafkaPublisherSettings.DEFAULT_COMPRESSION);
    config.put(
        ProducerConfig.LINGER_MS_CONFIG,
        Long.toString(KafkaPublisherSettings.DEFAULT_LINGER.toMillis()));
    config.put(
        ProducerConfig.BATCH_SIZE_CONFIG,
        Integer.toString(KafkaPublisherSettings.DEFAULT_BATCH_SIZE));
    config.put(
        ProducerConfig.MAX_BLOCK_MS_CONFIG,
        Long.toString(KafkaPublisherSettings.DEFAULT_MAX_BLOCK.toMillis()));
    config.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        Long.toString(KafkaPublisherSettings.DEFAULT_DELIVERY_TIMEOUT.toMillis()));
    config.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        Long.toString(KafkaPublisherSettings.DEFAULT_REQUEST_TIMEOUT.toMillis()));
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    if (streamClass == BenchOptions.StreamClass.CRITICAL) {
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    } else {
      config.put(ProducerConfig.ACKS_CONFIG, "1");
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
      config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    }
    return config;
  }

  @Override
  public void start() {
    producer = new KafkaProducer<>(producerConfig);
    sender.start();
  }

  private void send() {
    Pacer pacer = new Pacer(System.nanoTime(), rate);
    int size = shape.dataSize();
    long seq = 0;
    try {
      while (!stopped) {
        if (!outstanding.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue;
        }
        long intended = pacer.awaitNext(System.nanoTime());
        String id = "d-" + seq++;
        ProducerRecord<byte[], byte[]> record = shape.record(topic, id, shape.randomSubject());
        measurement.sent(1);
        try {
          // the outcome comes to the callback; the returned future adds nothing
          var unused =
              producer.send(
                  record,
                  (metadata, failure) -> {
                    long now = System.nanoTime();
                    outstanding.release();
                    if (failure == null) {
                      measurement.acked(intended, now, size);
                    } else {
                      measurement.failed(intended, failure.toString());
                    }
                  });
        } catch (RuntimeException refused) {
          outstanding.release();
          measurement.failed(intended, refused.toString());
        }
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void stopSending() throws InterruptedException {
    stopped = true;
    sender.join();
  }

  @Override
  public void close() {
    stopped = true;
    if (producer != null) {
      producer.close(Duration.ofSeconds(10));
    }
  }
}
