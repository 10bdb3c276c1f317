package io.eventgateway.bench;

import io.eventgateway.app.config.ConfigSources;
import io.eventgateway.app.config.GatewayConfig;
import io.eventgateway.core.domain.Durability;
import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.kafka.publish.ProducerConfigs;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

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

  /**
   * The direct producer's configuration: what the gateway's producer of this class gets with the
   * gateway's default configuration, built by the same code.
   */
  static Map<String, Object> producerConfig(String servers, BenchOptions.StreamClass streamClass) {
    GatewayConfig defaults = new ConfigSources().resolve().config();
    return ProducerConfigs.of(
        defaults
            .kafka()
            .producer()
            .toPublisherSettings(
                KafkaConnection.to(servers),
                defaults.limits().toPublishLimits().maxRecordBytes(),
                defaults.memory().maxBytes()),
        streamClass == BenchOptions.StreamClass.CRITICAL
            ? Durability.CRITICAL
            : Durability.STANDARD,
        "esg-bench-direct");
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
