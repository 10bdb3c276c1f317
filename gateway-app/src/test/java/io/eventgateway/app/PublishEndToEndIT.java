package io.eventgateway.app;

import static io.eventgateway.app.TopicReader.header;
import static io.eventgateway.app.TopicReader.key;
import static io.eventgateway.app.TopicReader.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishBatchRequest;
import io.eventgateway.api.v1.PublishBatchResponse;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublishResult;
import io.eventgateway.app.cli.EsgCommand;
import io.eventgateway.app.config.ConfigSources;
import io.eventgateway.core.port.in.EventDraft;
import io.eventgateway.core.testing.MaximalEvents;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as {@code esg serve} runs it (configuration file, the shared test broker), driven
 * over a real gRPC channel with all three publish RPCs, checked with a plain KafkaConsumer.
 */
class PublishEndToEndIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final String EVENTS = KafkaBrokerExtension.uniqueTopicName("events");
  private static final String PAYMENTS = KafkaBrokerExtension.uniqueTopicName("payments");
  private static final String ORDERS = KafkaBrokerExtension.uniqueTopicName("orders");
  private static final String BATCHES = KafkaBrokerExtension.uniqueTopicName("batches");
  private static final String AUDIT = KafkaBrokerExtension.uniqueTopicName("audit");
  private static final String CLI = KafkaBrokerExtension.uniqueTopicName("cli");
  private static final String LARGE = KafkaBrokerExtension.uniqueTopicName("large");

  /**
   * Twice the default, so the largest valid events are far above Kafka's default 1 MiB: the gateway
   * must size the producers and topics from its configured limits.
   */
  private static final int MAX_DATA_BYTES = 2 * 1024 * 1024;

  @TempDir static Path directory;
  private static RunningGateway running;

  @BeforeAll
  static void serve() throws IOException {
    Path config = directory.resolve("esg.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "limits:",
            "  max-data-bytes: " + MAX_DATA_BYTES,
            "  max-batch-events: 100",
            "streams:",
            "  - {name: " + EVENTS + ", class: events, partitions: 3}",
            "  - {name: " + PAYMENTS + ", class: events, partitions: 3, durability: critical}",
            "  - {name: " + ORDERS + ", class: events, partitions: 4}",
            "  - {name: " + BATCHES + ", class: raw, partitions: 3}",
            "  - {name: " + AUDIT + ", class: audit, partitions: 2}",
            "  - {name: " + CLI + ", class: events, partitions: 2}",
            "  - {name: " + LARGE + ", class: events, partitions: 1, durability: critical}",
            ""));
    running = RunningGateway.onSharedBroker(KAFKA, "--config", config.toString());
  }

  @AfterAll
  static void stop() {
    if (running != null) {
      running.close();
    }
  }

  private static Event.Builder event(String subject) {
    return Event.newBuilder()
        .setSource("/tests/e2e")
        .setType("com.example.tested")
        .setSubject(subject);
  }

  @Test
  void servesHealthAndReflection() throws InterruptedException {
    assertThat(
            HealthGrpc.newBlockingStub(running.channel)
                .check(HealthCheckRequest.newBuilder().setService("").build())
                .getStatus())
        .isEqualTo(ServingStatus.SERVING);
    assertThat(
            HealthGrpc.newBlockingStub(running.channel)
                .check(
                    HealthCheckRequest.newBuilder()
                        .setService("eventgateway.v1.PublisherService")
                        .build())
                .getStatus())
        .isEqualTo(ServingStatus.SERVING);

    CompletableFuture<List<String>> services = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(running.channel)
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse response) {
                    services.complete(
                        response.getListServicesResponse().getServiceList().stream()
                            .map(ServiceResponse::getName)
                            .toList());
                  }

                  @Override
                  public void onError(Throwable t) {
                    services.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
    requests.onCompleted();
    assertThat(services.join())
        .contains(
            "eventgateway.v1.PublisherService",
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection");
  }

  @Test
  void aPublishedEventIsInKafkaInCloudEventsBinaryMode() {
    Instant time = Instant.parse("2026-11-28T10:15:30.123456Z");
    PublishResponse response =
        running
            .blocking()
            .publish(
                PublishRequest.newBuilder()
                    .setStream(EVENTS)
                    .setEvent(
                        event("order-1")
                            .setId("evt-1")
                            .setTime(
                                Timestamp.newBuilder()
                                    .setSeconds(time.getEpochSecond())
                                    .setNanos(time.getNano()))
                            .setDataContentType("application/json")
                            .setData(ByteString.copyFromUtf8("{\"total\":12.5}"))
                            .putAttributes("tenant", "acme")
                            .putAttributes("traceparent", "00-abc-def-01"))
                    .build());

    PublishResult result = response.getResult();
    assertThat(result.getStatus().getCode()).isEqualTo(Status.Code.OK.value());
    assertThat(result.getEventId()).isEqualTo("evt-1");
    assertThat(result.getStream()).isEqualTo(EVENTS);

    ConsumerRecord<byte[], byte[]> record =
        TopicReader.readAll(running.bootstrapServers(), EVENTS).stream()
            .filter(r -> "evt-1".equals(header(r, "ce_id")))
            .findFirst()
            .orElseThrow();
    assertThat(record.partition()).isEqualTo(result.getPartition());
    assertThat(record.offset()).isEqualTo(result.getOffset());
    assertThat(key(record)).isEqualTo("order-1");
    assertThat(value(record)).isEqualTo("{\"total\":12.5}");
    assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
    assertThat(header(record, "ce_source")).isEqualTo("/tests/e2e");
    assertThat(header(record, "ce_type")).isEqualTo("com.example.tested");
    assertThat(header(record, "ce_subject")).isEqualTo("order-1");
    assertThat(header(record, "ce_time")).isEqualTo("2026-11-28T10:15:30.123456Z");
    assertThat(header(record, "ce_tenant")).isEqualTo("acme");
    assertThat(header(record, "ce_traceparent")).isEqualTo("00-abc-def-01");
    assertThat(header(record, "content-type")).isEqualTo("application/json");
  }

  @Test
  void theLargestValidEventIsAcknowledgedAndWrittenWhole() {
    // exactly max-data-bytes of random data, every attribute and field at its longest
    EventDraft largest =
        MaximalEvents.draft(
            new ConfigSources()
                .resolve()
                .config()
                .limits()
                .toPublishLimits()
                .withMaxDataBytes(MAX_DATA_BYTES),
            new Random(5));
    Instant time = largest.time();
    Event.Builder event =
        Event.newBuilder()
            .setId(largest.id())
            .setSource(largest.source())
            .setType(largest.type())
            .setSubject(largest.subject())
            .setTime(
                Timestamp.newBuilder().setSeconds(time.getEpochSecond()).setNanos(time.getNano()))
            .setDataContentType(largest.dataContentType())
            .setData(ByteString.copyFrom(largest.data().asReadOnlyBuffer()))
            .putAllAttributes(largest.attributes());

    PublishResult result =
        running
            .blocking()
            .publish(PublishRequest.newBuilder().setStream(LARGE).setEvent(event).build())
            .getResult();

    assertThat(result.getStatus().getCode())
        .as("status %s", result.getStatus().getMessage())
        .isEqualTo(Status.Code.OK.value());
    ConsumerRecord<byte[], byte[]> record =
        TopicReader.readAll(running.bootstrapServers(), LARGE).stream()
            .filter(r -> largest.id().equals(header(r, "ce_id")))
            .findFirst()
            .orElseThrow();
    assertThat(record.offset()).isEqualTo(result.getOffset());
    assertThat(record.value()).isEqualTo(largest.data().toByteArray());
    assertThat(key(record)).isEqualTo(largest.attributes().get("partitionkey"));
    assertThat(header(record, "ce_subject")).isEqualTo(largest.subject());
    largest
        .attributes()
        .forEach((name, value) -> assertThat(header(record, "ce_" + name)).isEqualTo(value));
  }

  @Test
  void anEventWithoutIdGetsOneGeneratedAndReturned() {
    Instant before = Instant.now();
    PublishResult result =
        running
            .blocking()
            .publish(PublishRequest.newBuilder().setStream(EVENTS).setEvent(event("no-id")).build())
            .getResult();

    assertThat(result.getEventId()).isNotBlank();
    ConsumerRecord<byte[], byte[]> record =
        TopicReader.readAll(running.bootstrapServers(), EVENTS).stream()
            .filter(r -> result.getEventId().equals(header(r, "ce_id")))
            .findFirst()
            .orElseThrow();
    assertThat(key(record)).isEqualTo("no-id");
    // no time given: the gateway stamps the time it received the event
    assertThat(Instant.parse(header(record, "ce_time"))).isBetween(before, Instant.now());
  }

  @Test
  void thePartitionKeyAttributeOverridesTheSubjectAsKey() {
    PublishResult result =
        running
            .blocking()
            .publish(
                PublishRequest.newBuilder()
                    .setStream(EVENTS)
                    .setEvent(
                        event("line-7").setId("pk-1").putAttributes("partitionkey", "order-7"))
                    .build())
            .getResult();
    ConsumerRecord<byte[], byte[]> record =
        TopicReader.readAll(running.bootstrapServers(), EVENTS).stream()
            .filter(r -> "pk-1".equals(header(r, "ce_id")))
            .findFirst()
            .orElseThrow();
    assertThat(key(record)).isEqualTo("order-7");
    assertThat(header(record, "ce_subject")).isEqualTo("line-7");
    assertThat(record.partition()).isEqualTo(result.getPartition());
  }

  @Test
  void publishStreamKeepsEachSubjectInOnePartitionAndInOrder() throws InterruptedException {
    int subjects = 12;
    int perSubject = 60;
    List<PublishRequest> requests = new ArrayList<>();
    for (int seq = 0; seq < perSubject; seq++) {
      for (int s = 0; s < subjects; s++) {
        requests.add(
            PublishRequest.newBuilder()
                .setStream(ORDERS)
                .setEvent(
                    event("order-" + s)
                        .setId("order-" + s + "-" + seq)
                        .setData(ByteString.copyFromUtf8(String.valueOf(seq)))
                        .putAttributes("seq", String.valueOf(seq)))
                .build());
      }
    }

    List<PublishResult> results = running.publishOnOneStream(requests);

    assertThat(results).hasSize(requests.size());
    assertThat(results).allSatisfy(r -> assertThat(r.getStatus().getCode()).isZero());
    Map<String, PublishResult> byId =
        results.stream().collect(Collectors.toMap(PublishResult::getEventId, r -> r));

    List<ConsumerRecord<byte[], byte[]>> records =
        TopicReader.readAll(running.bootstrapServers(), ORDERS);
    assertThat(records).hasSize(requests.size());
    Map<String, Set<Integer>> partitionsBySubject = new HashMap<>();
    Map<String, Integer> lastSeq = new HashMap<>();
    records.sort(
        (a, b) ->
            a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
    for (ConsumerRecord<byte[], byte[]> record : records) {
      String subject = key(record);
      partitionsBySubject
          .computeIfAbsent(subject, s -> new java.util.HashSet<>())
          .add(record.partition());
      int seq = Integer.parseInt(value(record));
      assertThat(seq)
          .as("order of %s at offset %d", subject, record.offset())
          .isEqualTo(lastSeq.getOrDefault(subject, -1) + 1);
      lastSeq.put(subject, seq);
      PublishResult acknowledged = byId.get(header(record, "ce_id"));
      assertThat(acknowledged.getPartition()).isEqualTo(record.partition());
      assertThat(acknowledged.getOffset()).isEqualTo(record.offset());
    }
    assertThat(partitionsBySubject)
        .hasSize(subjects)
        .allSatisfy((s, p) -> assertThat(p).hasSize(1));
    assertThat(partitionsBySubject.values().stream().flatMap(Set::stream).distinct().count())
        .as("12 subjects spread over the partitions")
        .isGreaterThan(1);
  }

  @Test
  void aBatchWritesItsValidEventsAndFailsTheInvalidOnesAlone() {
    PublishBatchResponse response =
        running
            .blocking()
            .publishBatch(
                PublishBatchRequest.newBuilder()
                    .setStream(BATCHES)
                    .addEvents(event("b").setId("b-0"))
                    .addEvents(event("").setId("b-1"))
                    .addEvents(event("b").setId("b-2"))
                    .addEvents(event("b").setId("b-3").putAttributes("Bad-Name", "x"))
                    .addEvents(event("b").setId("b-4"))
                    .build());

    List<PublishResult> results = response.getResultsList();
    assertThat(results)
        .extracting(PublishResult::getEventId)
        .containsExactly("b-0", "b-1", "b-2", "b-3", "b-4");
    assertThat(results)
        .extracting(r -> r.getStatus().getCode())
        .containsExactly(
            Status.Code.OK.value(),
            Status.Code.INVALID_ARGUMENT.value(),
            Status.Code.OK.value(),
            Status.Code.INVALID_ARGUMENT.value(),
            Status.Code.OK.value());
    assertThat(results.get(1).getStatus().getMessage()).contains("events[1].subject");
    assertThat(results.get(3).getStatus().getMessage()).contains("events[3].attributes");

    List<ConsumerRecord<byte[], byte[]>> records =
        TopicReader.readAll(running.bootstrapServers(), BATCHES);
    assertThat(records)
        .extracting(r -> header(r, "ce_id"))
        .containsExactlyInAnyOrder("b-0", "b-2", "b-4");
    // one subject, one partition, in the batch's order
    assertThat(records).extracting(ConsumerRecord::offset).isSortedAccordingTo(Long::compare);
  }

  @Test
  void criticalStreamsUseAnIdempotentProducerAndStandardStreamsDoNot() throws Exception {
    publishTo(PAYMENTS, "pay-1");
    publishTo(AUDIT, "audit-1");
    publishTo(EVENTS, "std-1");

    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, running.bootstrapServers()))) {
      // an idempotent producer (acks=all, enable.idempotence) leaves producer state on the
      // partition it wrote; an acks=1 producer without idempotence leaves none
      assertThat(activeProducers(admin, PAYMENTS)).isNotEmpty();
      assertThat(activeProducers(admin, AUDIT)).isNotEmpty();
      assertThat(activeProducers(admin, EVENTS)).isEmpty();
    }
  }

  private static void publishTo(String stream, String subject) {
    assertThat(
            running
                .blocking()
                .publish(
                    PublishRequest.newBuilder().setStream(stream).setEvent(event(subject)).build())
                .getResult()
                .getStatus()
                .getCode())
        .isZero();
  }

  private static List<ProducerState> activeProducers(Admin admin, String topic) throws Exception {
    List<TopicPartition> partitions =
        IntStream.range(
                0,
                admin
                    .describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size())
            .mapToObj(p -> new TopicPartition(topic, p))
            .toList();
    return admin.describeProducers(partitions).all().get().values().stream()
        .flatMap(d -> d.activeProducers().stream())
        .toList();
  }

  @Test
  void esgPublishSendsAFileOfJsonLinesAndSummarises() throws IOException {
    Path file = directory.resolve("events.jsonl");
    Files.writeString(
        file,
        """
        {"id":"cli-1","source":"/cli","type":"t","subject":"c","data":{"n":1}}
        {"id":"cli-2","source":"/cli","type":"t","subject":"c","data":"two"}
        {"id":"cli-3","type":"t","subject":"c"}
        {"id":"cli-4","source":"/cli","type":"t","subject":"c","tenant":"acme"}
        """,
        StandardCharsets.UTF_8);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        EsgCommand.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(
                "publish",
                "--target",
                running.target(),
                "--stream",
                CLI,
                "--no-progress",
                "--file",
                file.toString());

    assertThat(exit).as("one line failed").isEqualTo(1);
    assertThat(out.toString() + err).contains("acknowledged 3, failed 1");
    assertThat(err.toString()).contains("line 3").contains("source");
    List<ConsumerRecord<byte[], byte[]>> records =
        TopicReader.readAll(running.bootstrapServers(), CLI);
    assertThat(records)
        .extracting(r -> header(r, "ce_id"))
        .containsExactly("cli-1", "cli-2", "cli-4");
    assertThat(value(records.get(0))).isEqualTo("{\"n\":1}");
    assertThat(header(records.get(0), "content-type")).isEqualTo("application/json");
    assertThat(header(records.get(2), "ce_tenant")).isEqualTo("acme");
  }
}
