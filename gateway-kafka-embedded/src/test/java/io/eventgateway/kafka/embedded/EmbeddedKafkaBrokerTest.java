package io.eventgateway.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker of its own (not the shared one): started, stopped and started again on one directory.
 */
class EmbeddedKafkaBrokerTest {
  @TempDir Path directory;

  @Test
  void keepsItsDataAndClusterIdAcrossRestarts() throws Exception {
    int[] ports = freePorts();
    EmbeddedKafkaSettings settings =
        new EmbeddedKafkaSettings(directory.resolve("kafka"), ports[0], ports[1], Map.of());
    String clusterId;

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings)) {
      assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + ports[0]);
      clusterId = broker.clusterId();
      try (Admin admin = admin(broker)) {
        admin
            .createTopics(List.of(new NewTopic("kept", 1, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      try (KafkaProducer<String, String> producer = producer(broker)) {
        producer
            .send(new ProducerRecord<>("kept", "key", "survives a restart"))
            .get(30, TimeUnit.SECONDS);
      }
    }
    assertThat(directory.resolve("kafka/meta.properties")).exists();

    try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(settings)) {
      assertThat(again.clusterId()).isEqualTo(clusterId);
      assertThat(readAll(again, "kept", 1))
          .extracting(ConsumerRecord::key, ConsumerRecord::value)
          .containsExactly(tuple("key", "survives a restart"));
    }
  }

  @Test
  void aBrokerPortInUseGivesAClearError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, loopback())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(
              () ->
                  EmbeddedKafkaBroker.start(
                      new EmbeddedKafkaSettings(directory, port, port + 1, Map.of())))
          .isInstanceOf(EmbeddedKafkaException.class)
          .hasMessage("port " + port + " is in use; set --kafka-port or ESG_KAFKA_PORT");
    }
    assertThat(directory.resolve("meta.properties")).as("nothing formatted").doesNotExist();
  }

  @Test
  void aControllerPortInUseGivesAClearError() throws Exception {
    int[] ports = freePorts();
    try (ServerSocket taken = new ServerSocket(0, 50, loopback())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(
              () ->
                  EmbeddedKafkaBroker.start(
                      new EmbeddedKafkaSettings(directory, ports[0], port, Map.of())))
          .isInstanceOf(EmbeddedKafkaException.class)
          .hasMessageStartingWith("port " + port + " (the embedded Kafka controller's) is in use");
    }
  }

  @Test
  void anInvalidBrokerPropertyFailsBeforeAnythingIsWritten() throws Exception {
    int[] ports = freePorts();
    EmbeddedKafkaSettings settings =
        new EmbeddedKafkaSettings(directory, ports[0], ports[1], Map.of("num.partitions", "many"));

    assertThatThrownBy(() -> EmbeddedKafkaBroker.start(settings))
        .isInstanceOf(EmbeddedKafkaException.class)
        .hasMessageStartingWith("invalid embedded Kafka broker settings")
        .hasMessageContaining("num.partitions");
    assertThat(directory.resolve("meta.properties")).doesNotExist();
  }

  @Test
  void settingsRejectWhatWouldBreakTheNode() {
    assertThatThrownBy(
            () -> new EmbeddedKafkaSettings(directory, 9092, 9093, Map.of("log.dirs", "/tmp/x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'log.dirs'");
    assertThatThrownBy(() -> new EmbeddedKafkaSettings(directory, 9092, 9092, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must differ");
  }

  /** Two ports that were free a moment ago (the test kit, which has a helper, depends on us). */
  private static int[] freePorts() throws Exception {
    try (ServerSocket first = new ServerSocket(0, 50, loopback());
        ServerSocket second = new ServerSocket(0, 50, loopback())) {
      return new int[] {first.getLocalPort(), second.getLocalPort()};
    }
  }

  private static InetAddress loopback() throws Exception {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
  }

  private static Admin admin(EmbeddedKafkaBroker broker) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new StringSerializer(),
        new StringSerializer());
  }

  private static List<ConsumerRecord<String, String>> readAll(
      EmbeddedKafkaBroker broker, String topic, int expected) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false"),
            new StringDeserializer(),
            new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
