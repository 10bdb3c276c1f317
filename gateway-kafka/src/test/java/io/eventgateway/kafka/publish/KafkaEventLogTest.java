package io.eventgateway.kafka.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.eventgateway.core.application.PublishLimits;
import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.LogPosition;
import io.eventgateway.core.domain.Payload;
import io.eventgateway.core.domain.StreamClass;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.out.EventLog;
import io.eventgateway.core.port.out.EventLogException;
import io.eventgateway.core.port.out.EventLogException.Kind;
import io.eventgateway.core.testing.EventLogContract;
import io.eventgateway.core.testing.MaximalEvents;
import io.eventgateway.core.testing.TestLimits;
import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.kafka.administration.KafkaStreamProvisioner;
import io.eventgateway.kafka.cloudevents.CloudEventRecords;
import io.eventgateway.kafka.testing.TestPublisherSettings;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The event log contract, and what the records look like, on a real broker. */
class KafkaEventLogTest extends EventLogContract {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  /** The gateway's default limits, whose record bound sizes the producers and topics as in prod. */
  private static final PublishLimits LIMITS = TestLimits.TYPICAL;

  private static KafkaEventLog log;
  private static KafkaStreamProvisioner provisioner;

  @BeforeAll
  static void start() {
    KafkaConnection connection = KafkaConnection.to(KAFKA.bootstrapServers());
    log =
        new KafkaEventLog(
            TestPublisherSettings.on(connection)
                .withMaxRecordBytes(LIMITS.maxRecordBytes())
                .build());
    provisioner =
        new KafkaStreamProvisioner(connection, Duration.ofSeconds(30), LIMITS.maxRecordBytes());
  }

  @AfterAll
  static void stop() {
    log.close();
    provisioner.close();
  }

  @Override
  protected EventLog log() {
    return log;
  }

  @Override
  protected StreamDefinition newStream(int partitions, Durability durability) {
    StreamDefinition stream = definition(uniqueName("contract"), partitions, durability);
    provisioner.provision(List.of(stream));
    return stream;
  }

  @Override
  protected List<StoredEvent> readBack(StreamDefinition stream, int expectedCount) {
    return KAFKA.readAll(stream.name(), expectedCount, Duration.ofSeconds(30)).stream()
        .map(
            record ->
                new StoredEvent(
                    new LogPosition(record.partition(), record.offset()),
                    CloudEventRecords.fromRecord(record)))
        .toList();
  }

  @Test
  void theRecordHasTheEntityKeyTheDataAndExactlyTheCloudEventsHeaders() throws Exception {
    StreamDefinition stream = newStream(2, Durability.STANDARD);
    Event event =
        new Event(
            "evt-1",
            "/shop",
            "order.created",
            "order-42",
            Instant.parse("2024-05-01T12:00:00.5Z"),
            "application/json",
            Payload.copyOf("{\"total\":12.5}".getBytes(StandardCharsets.UTF_8)),
            Map.of("tenant", "acme", "partitionkey", "customer-7"));

    LogPosition position =
        log.append(stream, event).toCompletableFuture().get(30, TimeUnit.SECONDS);

    List<ConsumerRecord<byte[], byte[]>> records =
        KAFKA.readAll(stream.name(), 1, Duration.ofSeconds(30));
    assertThat(records).hasSize(1);
    ConsumerRecord<byte[], byte[]> record = records.get(0);
    assertThat(new LogPosition(record.partition(), record.offset())).isEqualTo(position);
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("customer-7");
    assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"total\":12.5}");
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      assertThat(headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8)))
          .as("header %s appears once", header.key())
          .isNull();
    }
    assertThat(headers)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ce_specversion", "1.0",
                "ce_id", "evt-1",
                "ce_source", "/shop",
                "ce_type", "order.created",
                "ce_time", "2024-05-01T12:00:00.500Z",
                "ce_subject", "order-42",
                "ce_tenant", "acme",
                "ce_partitionkey", "customer-7",
                "content-type", "application/json"));
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void theLargestValidEventIsWrittenAcknowledgedAndReadBackWhole(Durability durability)
      throws Exception {
    StreamDefinition stream = newStream(1, durability);
    Event event = MaximalEvents.event(LIMITS, new Random(durability.name().hashCode()));

    LogPosition position =
        log.append(stream, event).toCompletableFuture().get(30, TimeUnit.SECONDS);

    List<ConsumerRecord<byte[], byte[]>> records =
        KAFKA.readAll(stream.name(), 1, Duration.ofSeconds(30));
    assertThat(records).hasSize(1);
    ConsumerRecord<byte[], byte[]> record = records.get(0);
    assertThat(new LogPosition(record.partition(), record.offset())).isEqualTo(position);
    assertThat(record.value()).hasSize(LIMITS.maxDataBytes());
    assertThat(CloudEventRecords.fromRecord(record)).isEqualTo(event);
  }

  @Test
  void withoutRoomForTheLargestRecordKafkaRefusesTheLargestValidEvent() {
    Event event = MaximalEvents.event(LIMITS, new Random(3));
    KafkaConnection connection = KafkaConnection.to(KAFKA.bootstrapServers());

    // the producer at Kafka's default max.request.size refuses it before sending
    try (KafkaEventLog kafkaDefaults =
        new KafkaEventLog(TestPublisherSettings.on(connection).build())) {
      StreamDefinition provisioned = newStream(1, Durability.STANDARD);
      assertThat(
              failureOf(
                      kafkaDefaults.append(provisioned, event).toCompletableFuture(),
                      Duration.ofSeconds(30))
                  .kind())
          .isEqualTo(Kind.TOO_LARGE);
    }
    // a topic at the broker's default max.message.bytes refuses it on arrival
    StreamDefinition brokerDefault =
        stream(KAFKA.createTopic("broker-default", 1), Durability.CRITICAL);
    assertThat(
            failureOf(
                    log.append(brokerDefault, event).toCompletableFuture(), Duration.ofSeconds(30))
                .kind())
        .isEqualTo(Kind.TOO_LARGE);
  }

  @Test
  void eachWrittenEventIsTimedOnceBeforeItsStageCompletesAndAFailureIsNot() throws Exception {
    KafkaConnection connection = KafkaConnection.to(KAFKA.bootstrapServers());
    List<String> timed = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Long> nanos = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (KafkaEventLog timedLog =
        new KafkaEventLog(
            TestPublisherSettings.on(connection).build(),
            java.util.Optional::empty,
            (stream, took) -> {
              timed.add(stream.name());
              nanos.add(took);
            })) {
      StreamDefinition stream = newStream(2, Durability.STANDARD);
      for (int i = 0; i < 3; i++) {
        LogPosition written =
            timedLog
                .append(
                    stream,
                    new Event(
                        "timed-" + i,
                        "/shop",
                        "order.created",
                        "order-" + i,
                        Instant.now(),
                        "text/plain",
                        Payload.copyOf(new byte[] {1, 2, 3}),
                        Map.of()))
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertThat(written.offset()).isNotNegative();
        // timed before the stage completed, so it is there as soon as the append is
        assertThat(timed).hasSize(i + 1);
      }
      // refused on arrival (too large for the topic): not timed
      StreamDefinition small = stream(KAFKA.createTopic("small", 1), Durability.STANDARD);
      failureOf(
          timedLog.append(small, MaximalEvents.event(LIMITS, new Random(9))).toCompletableFuture(),
          Duration.ofSeconds(30));
    }
    assertThat(timed).containsOnly(timed.get(0)).hasSize(3);
    assertThat(nanos).allSatisfy(took -> assertThat(took).isPositive());
  }

  static StreamDefinition stream(String topic, Durability durability) {
    return new StreamDefinition(
        topic, StreamClass.EVENTS, 1, durability, Duration.ofDays(1), (short) 1, 1);
  }

  /**
   * The EventLogException {@code append} fails with within {@code within}; fails if it does not.
   */
  static EventLogException failureOf(CompletableFuture<LogPosition> append, Duration within) {
    Throwable failure = catchThrowable(() -> append.get(within.toMillis(), TimeUnit.MILLISECONDS));
    assertThat(failure)
        .as(() -> "the append should have failed within " + within + "; it is " + append)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(EventLogException.class);
    return (EventLogException) failure.getCause();
  }
}
