package io.eventgateway.testkit.junit;

import io.eventgateway.kafka.embedded.EmbeddedKafkaBroker;
import io.eventgateway.kafka.embedded.EmbeddedKafkaSettings;
import io.eventgateway.testkit.process.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives tests a real Kafka broker: one {@link EmbeddedKafkaBroker} per JVM, started on first use on
 * free ports with its data in a temporary directory, shared by every test class, and stopped (its
 * directory deleted) when the test run ends.
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 *
 * String topic = KAFKA.createTopic("orders", 3);
 * ... produce to KAFKA.bootstrapServers() ...
 * List<ConsumerRecord<byte[], byte[]>> records = KAFKA.readAll(topic, 10, Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>The broker is kept in JUnit's root store as an {@link AutoCloseable}, which JUnit closes at
 * the end of the run (unless {@code junit.jupiter.extensions.store.close.autocloseable.enabled} is
 * set to false). Its internal topics have 1 partition, so consumer groups start fast. Give each
 * test its own topics (and consumer groups): the broker is shared, by every class of the JVM, and
 * so are the topics a gateway creates on it for its streams. Each test JVM (each Surefire or
 * Failsafe fork) has a broker of its own.
 *
 * <p>Thread-safe.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

  private volatile SharedBroker shared;

  @Override
  public void beforeAll(ExtensionContext context) {
    shared =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(
                SharedBroker.class, type -> SharedBroker.start(), SharedBroker.class);
  }

  /** {@code 127.0.0.1:<port>} of the shared broker. */
  public String bootstrapServers() {
    return broker().bootstrapServers();
  }

  /** A new admin client of the shared broker; the caller closes it. */
  public Admin newAdmin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  /** A new producer of raw bytes to the shared broker, Kafka's defaults; the caller closes it. */
  public KafkaProducer<byte[], byte[]> newByteProducer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
  }

  /** The shared broker itself, e.g. for its cluster id. Do not close it: the run does. */
  public EmbeddedKafkaBroker broker() {
    return sharedBroker().broker;
  }

  /** A name no other test uses: {@code prefix-<8 hex digits>}. */
  public static String uniqueTopicName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates a topic with a {@linkplain #uniqueTopicName unique name} and returns its name. */
  public String createTopic(String prefix, int partitions) {
    return createTopic(prefix, partitions, Map.of());
  }

  /**
   * Creates a topic with a {@linkplain #uniqueTopicName unique name}, {@code partitions}
   * partitions, replication factor 1 and the given topic configs, and returns its name once the
   * broker's metadata lists it.
   */
  public String createTopic(String prefix, int partitions, Map<String, String> configs) {
    String name = uniqueTopicName(prefix);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
          .all()
          .get(30, TimeUnit.SECONDS);
      // the controller has it; wait until the broker's metadata lists it too, as clients see it
      Awaitility.await("topic " + name + " in the broker's metadata")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .pollInSameThread()
          .until(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(name));
    } catch (ExecutionException | TimeoutException failed) {
      throw new IllegalStateException("cannot create topic " + name, failed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, interrupted);
    }
    return name;
  }

  /**
   * Reads {@code topic} from the beginning with a plain consumer (all partitions assigned, no
   * consumer group) until it has at least {@code expectedCount} records or {@code timeout} has
   * passed, and returns what it read, sorted by partition and offset. Check the size: it is less
   * than {@code expectedCount} when the topic did not have that many in time.
   */
  public List<ConsumerRecord<byte[], byte[]>> readAll(
      String topic, int expectedCount, Duration timeout) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      long deadline = System.nanoTime() + timeout.toNanos();
      List<TopicPartition> partitions = new ArrayList<>();
      while (partitions.isEmpty() && System.nanoTime() < deadline) {
        for (PartitionInfo partition : consumer.partitionsFor(topic, timeout)) {
          partitions.add(new TopicPartition(topic, partition.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (records.size() < expectedCount) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          break;
        }
        consumer
            .poll(Duration.ofNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(200))))
            .forEach(records::add);
      }
    }
    records.sort(
        Comparator.comparingInt((ConsumerRecord<byte[], byte[]> r) -> r.partition())
            .thenComparingLong(ConsumerRecord::offset));
    return records;
  }

  private SharedBroker sharedBroker() {
    SharedBroker current = shared;
    if (current == null) {
      throw new IllegalStateException(
          "the Kafka broker is not started: register KafkaBrokerExtension with"
              + " @RegisterExtension on a static field or with @ExtendWith");
    }
    return current;
  }

  /** The broker of this JVM's test run and its directory. */
  private static final class SharedBroker implements AutoCloseable {
    private final EmbeddedKafkaBroker broker;
    private final Path directory;

    private SharedBroker(EmbeddedKafkaBroker broker, Path directory) {
      this.broker = broker;
      this.directory = directory;
    }

    static SharedBroker start() {
      try {
        Path directory = Files.createTempDirectory("esg-kafka-test-");
        int[] ports = FreePorts.onLoopback(2);
        EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.start(
                new EmbeddedKafkaSettings(
                    directory,
                    ports[0],
                    ports[1],
                    Map.of(
                        "offsets.topic.num.partitions", "1",
                        "transaction.state.log.num.partitions", "1",
                        "share.coordinator.state.topic.num.partitions", "1")));
        return new SharedBroker(broker, directory);
      } catch (IOException failed) {
        throw new UncheckedIOException(failed);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        broker.close();
      } finally {
        deleteRecursively(directory);
      }
    }
  }

  /** Deletes {@code directory} and everything in it, if it exists. */
  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
