package io.eventgateway.kafka.administration;

import io.eventgateway.core.domain.ReplicationPolicy;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.out.ClusterAdminException;
import io.eventgateway.core.port.out.ClusterAdminException.Kind;
import io.eventgateway.core.port.out.StreamRegistry;
import io.eventgateway.kafka.KafkaConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream registry in a compacted Kafka topic (by default {@value #DEFAULT_TOPIC}, a name no
 * stream can have), one record per stream created at run time: key = the stream's name, value = its
 * definition (see {@link StreamRegistrations}). Every gateway instance reads the topic from the
 * beginning at start-up and then follows it, so a stream created through any instance is served by
 * all of them within about a poll interval, and after restarts. The topic is the only state, like
 * the consumer groups' offsets: instances stay stateless.
 *
 * <p>The topic is created when missing: one partition, {@code cleanup.policy=compact}, the
 * deployment's replication factor and {@code min.insync.replicas}; registrations are written with
 * {@code acks=all} and idempotence. Registrations are never deleted by the gateway.
 *
 * <p>Thread-safe. {@link #follow} runs a daemon thread {@code esg-stream-registry} until {@link
 * #close()}.
 */
public final class KafkaStreamRegistry implements StreamRegistry, AutoCloseable {
  /** The registry topic's name unless configured otherwise. */
  public static final String DEFAULT_TOPIC = "__esg_streams";

  /** A sensible timeout for reading the registry at start-up and for one registration. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaStreamRegistry.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(250);

  private final KafkaConnection connection;
  private final String topic;
  private final TopicPartition partition;
  private final ReplicationPolicy replication;
  private final Duration timeout;
  private final AdminCalls calls;
  private final AtomicBoolean topicReady = new AtomicBoolean();
  private final AtomicBoolean following = new AtomicBoolean();
  private final Object producerLock = new Object();
  private KafkaProducer<byte[], byte[]> producer;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile Thread follower;
  private volatile boolean closed;

  /**
   * A registry in {@code topic} on the cluster of {@code connection}. Connects lazily.
   *
   * @param replication the registry topic's replication factor and min.insync.replicas when it is
   *     created
   * @param timeout the longest reading the registry at start-up, or one registration, may take
   */
  public KafkaStreamRegistry(
      KafkaConnection connection, String topic, ReplicationPolicy replication, Duration timeout) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.replication = Objects.requireNonNull(replication, "replication");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "timeout must be between 1 ms and " + Integer.MAX_VALUE + " ms, was " + timeout);
    }
    this.calls = new AdminCalls(connection.bootstrapServers(), timeout);
    this.partition = new TopicPartition(topic, 0);
  }

  @Override
  public void follow(Consumer<StreamDefinition> listener) {
    Objects.requireNonNull(listener, "listener");
    if (!following.compareAndSet(false, true)) {
      throw new IllegalStateException("the registry is followed already");
    }
    ensureTopic();
    long deadline = System.nanoTime() + timeout.toNanos();
    KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(consumerConfig());
    boolean started = false;
    try {
      reader.assign(List.of(partition));
      reader.seekToBeginning(List.of(partition));
      long end = reader.endOffsets(List.of(partition), timeout).get(partition);
      int read = 0;
      while (reader.position(partition, remaining(deadline)) < end) {
        if (System.nanoTime() > deadline) {
          throw calls.unavailable("reading the stream registry", null);
        }
        for (ConsumerRecord<byte[], byte[]> record : reader.poll(POLL_TIMEOUT)) {
          deliver(record, listener);
          read++;
        }
      }
      LOGGER.info("stream registry {}: {} registrations read", topic, read);
      consumer = reader;
      Thread thread = new Thread(() -> followLoop(reader, listener), "esg-stream-registry");
      thread.setDaemon(true);
      follower = thread;
      thread.start();
      started = true;
    } catch (org.apache.kafka.common.errors.TimeoutException late) {
      throw calls.unavailable("reading the stream registry", late);
    } catch (KafkaException failed) {
      throw new ClusterAdminException(
          Kind.FAILED, "cannot read the stream registry " + topic + ": " + failed, failed);
    } finally {
      if (!started) {
        reader.close(CloseOptions.timeout(Duration.ZERO));
      }
    }
  }

  @Override
  public void register(StreamDefinition definition) {
    if (closed) {
      throw new ClusterAdminException(Kind.UNAVAILABLE, "the stream registry is closed", null);
    }
    ensureTopic();
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic, 0, StreamRegistrations.key(definition), StreamRegistrations.value(definition));
    try {
      producer().send(record).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      LOGGER.info("stream {} registered in {}", definition.name(), topic);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new ClusterAdminException(
          Kind.UNAVAILABLE, "interrupted while registering", interrupted);
    } catch (java.util.concurrent.TimeoutException late) {
      throw calls.unavailable("registering stream '" + definition.name() + "'", late);
    } catch (ExecutionException failed) {
      Throwable cause = failed.getCause();
      if (cause instanceof RetriableException) {
        throw calls.unavailable("registering stream '" + definition.name() + "'", cause);
      }
      throw new ClusterAdminException(
          Kind.FAILED, "Kafka refused the registration of '" + definition.name() + "'", cause);
    } catch (KafkaException failed) {
      throw calls.unavailable("registering stream '" + definition.name() + "'", failed);
    }
  }

  /** Stops following and closes the Kafka clients. Idempotent. */
  @Override
  public void close() {
    closed = true;
    KafkaConsumer<byte[], byte[]> reader = consumer;
    Thread thread = follower;
    if (reader != null) {
      reader.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(timeout.toMillis());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (producerLock) {
      if (producer != null) {
        producer.close(Duration.ofSeconds(5));
        producer = null;
      }
    }
  }

  private void followLoop(
      KafkaConsumer<byte[], byte[]> reader, Consumer<StreamDefinition> listener) {
    try {
      while (!closed) {
        try {
          for (ConsumerRecord<byte[], byte[]> record : reader.poll(POLL_TIMEOUT)) {
            deliver(record, listener);
          }
        } catch (WakeupException woken) {
          // closing
        } catch (KafkaException failed) {
          // the client reconnects by itself; do not spin while the cluster is away
          LOGGER.warn(
              "reading the stream registry {} failed; retrying: {}", topic, failed.toString());
          sleepQuietly(POLL_TIMEOUT);
        }
      }
    } finally {
      reader.close(CloseOptions.timeout(Duration.ZERO));
    }
  }

  private void deliver(ConsumerRecord<byte[], byte[]> record, Consumer<StreamDefinition> listener) {
    if (record.value() == null) {
      return; // a tombstone: nothing the gateway writes, nothing to declare
    }
    StreamDefinition definition;
    try {
      definition = StreamRegistrations.read(record.key(), record.value());
    } catch (IllegalArgumentException unreadable) {
      LOGGER.warn(
          "skipping registration at offset {} of {}: {}",
          record.offset(),
          topic,
          unreadable.getMessage());
      return;
    }
    try {
      listener.accept(definition);
    } catch (RuntimeException failed) {
      LOGGER.warn("the listener failed on registered stream {}", definition.name(), failed);
    }
  }

  private void ensureTopic() {
    if (topicReady.get()) {
      return;
    }
    Map<String, Object> config = connection.clientConfig();
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    try (Admin admin = Admin.create(config)) {
      NewTopic registry =
          new NewTopic(topic, 1, replication.replicationFactor())
              .configs(
                  Map.of(
                      TopicConfig.CLEANUP_POLICY_CONFIG,
                      TopicConfig.CLEANUP_POLICY_COMPACT,
                      TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                      Integer.toString(replication.minInsyncReplicas())));
      admin.createTopics(List.of(registry)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOGGER.info("created the stream registry topic {}", topic);
    } catch (ExecutionException failed) {
      if (!(failed.getCause() instanceof TopicExistsException)) {
        Throwable cause = failed.getCause();
        if (cause instanceof RetriableException) {
          throw calls.unavailable("creating the stream registry topic", cause);
        }
        throw new ClusterAdminException(
            Kind.FAILED, "cannot create the stream registry topic " + topic + ": " + cause, cause);
      }
    } catch (java.util.concurrent.TimeoutException late) {
      throw calls.unavailable("creating the stream registry topic", late);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new ClusterAdminException(Kind.UNAVAILABLE, "interrupted", interrupted);
    }
    topicReady.set(true);
  }

  private KafkaProducer<byte[], byte[]> producer() {
    synchronized (producerLock) {
      if (producer == null) {
        Map<String, Object> config = connection.clientConfig();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        producer = new KafkaProducer<>(config);
      }
      return producer;
    }
  }

  private Map<String, Object> consumerConfig() {
    Map<String, Object> config = connection.clientConfig();
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    return config;
  }

  private String clientId() {
    return connection.clientProperties().getOrDefault("client.id", "esg") + "-registry";
  }

  private Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
  }

  private static void sleepQuietly(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
