package io.eventgateway.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventgateway.app.config.ConfigSources;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A non-Java client publishes through the gateway: {@code clients/node/publish.mjs} (grpc-js, the
 * .proto files loaded at run time) against a gateway started as production wires it, with every
 * record then checked in Kafka. Skipped when {@code node} or the client's {@code node_modules} (
 * {@code npm ci --prefix clients/node}) is missing.
 */
class NodeClientIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STREAMED = KafkaBrokerExtension.uniqueTopicName("node-stream");
  private static final String BATCHED = KafkaBrokerExtension.uniqueTopicName("node-batch");
  private static final String UNARY = KafkaBrokerExtension.uniqueTopicName("node-unary");

  @TempDir static Path directory;
  private static Path client;
  private static String whyNot;
  private static Gateway gateway;

  @BeforeAll
  static void startGateway() throws IOException {
    client = repositoryRoot().resolve("clients/node");
    if (!nodeOnPath()) {
      whyNot = "`node` is not on the PATH (the Node.js client test needs it)";
      return;
    }
    if (!Files.isDirectory(client.resolve("node_modules"))) {
      whyNot = client.resolve("node_modules") + " is missing; run `npm ci --prefix clients/node`";
      return;
    }

    Path config = directory.resolve("esg.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "grpc:",
            "  port: 0",
            "http:",
            "  port: 0",
            "kafka:",
            "  bootstrap-servers: " + KAFKA.bootstrapServers(),
            "  replication:",
            "    factor: 1",
            "streams:",
            "  - {name: " + STREAMED + ", class: events, partitions: 3}",
            "  - {name: " + BATCHED + ", class: events, partitions: 3}",
            "  - {name: " + UNARY + ", class: events, partitions: 3}",
            ""));
    gateway = Gateway.start(new ConfigSources().file(config).resolve().config());
  }

  @BeforeEach
  void requireNodeClient() {
    Assumptions.assumeTrue(whyNot == null, whyNot);
  }

  @AfterAll
  static void stopGateway() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void publishesOnOneStreamCall() throws Exception {
    publishAndVerify("stream", STREAMED, 5, 20);
  }

  @Test
  void publishesInBatches() throws Exception {
    publishAndVerify("batch", BATCHED, 3, 10);
  }

  @Test
  void publishesOneByOne() throws Exception {
    publishAndVerify("unary", UNARY, 2, 5);
  }

  private static void publishAndVerify(String mode, String stream, int subjects, int perSubject)
      throws IOException, InterruptedException {
    int total = subjects * perSubject;
    JsonNode summary = runClient(mode, stream, subjects, perSubject);
    assertThat(summary.get("acknowledged").asInt()).isEqualTo(total);
    assertThat(summary.get("failed").asInt()).isZero();
    Map<String, String> printed = new HashMap<>();
    for (JsonNode result : summary.get("results")) {
      printed.put(
          result.get("id").asText(),
          result.get("partition").asInt() + "@" + result.get("offset").asLong());
    }
    assertThat(printed).hasSize(total);

    List<ConsumerRecord<byte[], byte[]>> records = readTopic(stream);
    assertThat(records).hasSize(total);
    Map<String, String> written = new HashMap<>();
    Map<String, List<ConsumerRecord<byte[], byte[]>>> bySubject = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      String subject = new String(record.key(), UTF_8);
      String seq = header(record, "ce_seq");
      assertThat(header(record, "ce_id"))
          .isEqualTo("node-" + subject.substring("node-subject-".length()) + "-" + seq);
      assertThat(header(record, "ce_source")).isEqualTo("/clients/node");
      assertThat(header(record, "ce_type")).isEqualTo("com.example.node");
      assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
      assertThat(header(record, "ce_subject")).isEqualTo(subject);
      assertThat(OffsetDateTime.parse(header(record, "ce_time"))).isNotNull();
      assertThat(header(record, "content-type")).isEqualTo("application/json");
      assertThat(new String(record.value(), UTF_8)).isEqualTo("{\"seq\":" + seq + "}");
      written.put(header(record, "ce_id"), record.partition() + "@" + record.offset());
      bySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(record);
    }
    assertThat(written).as("where the client was told each event is").isEqualTo(printed);
    assertThat(bySubject.keySet())
        .containsExactlyInAnyOrderElementsOf(
            IntStream.rangeClosed(1, subjects).mapToObj(i -> "node-subject-" + i).toList());
    bySubject.forEach(
        (subject, ofSubject) -> {
          assertThat(ofSubject.stream().map(ConsumerRecord::partition).distinct())
              .as("partitions of %s", subject)
              .hasSize(1);
          assertThat(ofSubject.stream().map(r -> Integer.parseInt(header(r, "ce_seq"))))
              .as("seq of %s in offset order", subject)
              .containsExactlyElementsOf(IntStream.rangeClosed(1, perSubject).boxed().toList());
        });
  }

  /** Runs the Node.js client and returns its JSON summary, failing with its stderr on error. */
  private static JsonNode runClient(String mode, String stream, int subjects, int perSubject)
      throws IOException, InterruptedException {
    Path stdout = Files.createTempFile(directory, mode, ".out");
    Path stderr = Files.createTempFile(directory, mode, ".err");
    Process process =
        new ProcessBuilder(
                "node",
                "publish.mjs",
                "--target",
                "127.0.0.1:" + gateway.grpcPort(),
                "--stream",
                stream,
                "--subjects",
                String.valueOf(subjects),
                "--per-subject",
                String.valueOf(perSubject),
                "--mode",
                mode)
            .directory(client.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    boolean exited = process.waitFor(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor();
    }
    String out = Files.readString(stdout, UTF_8);
    String err = Files.readString(stderr, UTF_8);
    String transcript =
        "node publish.mjs --mode " + mode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    assertThat(exited).as("client finished within %s\n%s", CLIENT_TIMEOUT, transcript).isTrue();
    assertThat(process.exitValue()).as("client exit code\n%s", transcript).isZero();
    List<String> lines = out.lines().filter(line -> !line.isBlank()).toList();
    assertThat(lines).as("client stdout: one JSON summary line\n%s", transcript).hasSize(1);
    return JSON.readTree(lines.get(0));
  }

  /** Every record of {@code topic}, read with a plain consumer up to the end offsets. */
  private static List<ConsumerRecord<byte[], byte[]>> readTopic(String topic) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records.stream()
        .sorted(
            Comparator.comparingInt((ConsumerRecord<byte[], byte[]> r) -> r.partition())
                .thenComparingLong(ConsumerRecord::offset))
        .toList();
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertThat(header).as("header %s of %s", name, record).isNotNull();
    return new String(header.value(), UTF_8);
  }

  /** The directory holding {@code clients/node}: the working directory or one above it. */
  private static Path repositoryRoot() {
    Path directory = Path.of("").toAbsolutePath();
    for (Path candidate = directory; candidate != null; candidate = candidate.getParent()) {
      if (Files.isRegularFile(candidate.resolve("clients/node/publish.mjs"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no clients/node/publish.mjs in or above " + directory);
  }

  private static boolean nodeOnPath() {
    try {
      Process process =
          new ProcessBuilder("node", "--version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException notFound) {
      return false;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
