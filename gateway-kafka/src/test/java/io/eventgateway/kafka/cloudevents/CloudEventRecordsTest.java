package io.eventgateway.kafka.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgateway.core.application.PublishLimits;
import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.Payload;
import io.eventgateway.core.testing.MaximalEvents;
import io.eventgateway.core.testing.TestLimits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class CloudEventRecordsTest {
  private static final Instant TIME = Instant.parse("2024-05-01T12:00:00.123456789Z");

  private static Event event(String contentType, Map<String, String> attributes) {
    return new Event(
        "id-1",
        "/shop",
        "order.created",
        "order-42",
        TIME,
        contentType,
        Payload.copyOf("{\"total\":12.5}".getBytes(StandardCharsets.UTF_8)),
        attributes);
  }

  /** What a consumer would receive for {@code record}, written at offset 7 of partition 2. */
  private static ConsumerRecord<byte[], byte[]> received(ProducerRecord<byte[], byte[]> record) {
    byte[] value;
    try (ByteArraySerializer serializer = new ByteArraySerializer()) {
      value = serializer.serialize(record.topic(), record.value());
    }
    return consumerRecord(record.topic(), record.key(), value, record.headers(), 1_000L);
  }

  private static ConsumerRecord<byte[], byte[]> consumerRecord(
      String topic, byte[] key, byte[] value, Headers headers, long timestamp) {
    return new ConsumerRecord<>(
        topic,
        2,
        7L,
        timestamp,
        TimestampType.CREATE_TIME,
        key == null ? -1 : key.length,
        value == null ? -1 : value.length,
        key,
        value,
        headers,
        Optional.empty());
  }

  private static Map<String, String> headersOf(Headers headers) {
    Map<String, String> map = new LinkedHashMap<>();
    for (Header header : headers) {
      map.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return map;
  }

  @Test
  void writesTheBinaryModeOfTheKafkaBinding() {
    Event event = event("application/json", Map.of("tenant", "acme", "traceid", "t-1"));

    ProducerRecord<byte[], byte[]> record = CloudEventRecords.toRecord("orders", event);

    assertThat(record.topic()).isEqualTo("orders");
    assertThat(record.partition()).isNull();
    assertThat(record.timestamp()).isNull();
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("order-42");
    assertThat(record.value()).isEqualTo(event.data().toByteArray());
    assertThat(headersOf(record.headers()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ce_specversion", "1.0",
                "ce_id", "id-1",
                "ce_source", "/shop",
                "ce_type", "order.created",
                "ce_time", "2024-05-01T12:00:00.123456789Z",
                "ce_subject", "order-42",
                "ce_tenant", "acme",
                "ce_traceid", "t-1",
                "content-type", "application/json"));
  }

  @Test
  void theValueIsThePayloadsOwnArrayWhenItHasOne() {
    byte[] data = {1, 2, 3};
    Event event = new Event("i", "/s", "t", "k", TIME, "", Payload.wrapArray(data), Map.of());

    assertThat(CloudEventRecords.toRecord("t", event).value())
        .as("the same array, not a copy")
        .isSameAs(data);
  }

  @Test
  void theValueIsACopyOfAViewPayload() {
    ByteBuffer data = ByteBuffer.wrap(new byte[] {0, 1, 2, 3}, 1, 3);
    Event event = new Event("i", "/s", "t", "k", TIME, "", Payload.wrap(data), Map.of());

    assertThat(CloudEventRecords.toRecord("t", event).value()).containsExactly(1, 2, 3);
  }

  @Test
  void thePartitionKeyAttributeIsTheKey() {
    Event event = event("", Map.of("partitionkey", "tenant-7"));

    ProducerRecord<byte[], byte[]> record = CloudEventRecords.toRecord("orders", event);

    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("tenant-7");
    assertThat(headersOf(record.headers()))
        .containsEntry("ce_subject", "order-42")
        .containsEntry("ce_partitionkey", "tenant-7")
        .doesNotContainKey("content-type");
  }

  @Test
  void roundTripsEveryField() {
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      Map<String, String> attributes = new HashMap<>();
      for (int a = random.nextInt(4); a > 0; a--) {
        attributes.put("ext" + random.nextInt(100), "välue-" + random.nextInt());
      }
      if (random.nextBoolean()) {
        attributes.put("partitionkey", "pk-" + random.nextInt(10));
      }
      byte[] data = new byte[random.nextInt(64)];
      random.nextBytes(data);
      Event event =
          new Event(
              "id-" + i,
              "/source/" + random.nextInt(5),
              "type.ü." + i,
              "subject-" + random.nextInt(1000),
              Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000)),
              random.nextBoolean() ? "application/octet-stream" : "",
              Payload.copyOf(data),
              attributes);

      Event decoded =
          CloudEventRecords.fromRecord(received(CloudEventRecords.toRecord("t", event)));

      assertThat(decoded).isEqualTo(event);
    }
  }

  @Test
  void readsAForeignRecordWithOnlySomeHeaders() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("ce_type", "com.example.legacy".getBytes(StandardCharsets.UTF_8));
    headers.add("ce_region", "eu".getBytes(StandardCharsets.UTF_8));
    headers.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
    byte[] value = "hello".getBytes(StandardCharsets.UTF_8);

    Event event =
        CloudEventRecords.fromRecord(
            consumerRecord(
                "legacy",
                "device-9".getBytes(StandardCharsets.UTF_8),
                value,
                headers,
                1_700_000_000_000L));

    assertThat(event.id()).isEqualTo("legacy-2-7");
    assertThat(event.source()).isEqualTo("/kafka/legacy");
    assertThat(event.type()).isEqualTo("com.example.legacy");
    assertThat(event.subject()).isEqualTo("device-9");
    assertThat(event.time()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    assertThat(event.dataContentType()).isEmpty();
    assertThat(event.data().toByteArray()).isEqualTo(value);
    assertThat(event.attributes()).containsExactly(Map.entry("region", "eu"));
  }

  @Test
  void readsARecordWithNoHeadersNoKeyAndNoValue() {
    Event event =
        CloudEventRecords.fromRecord(consumerRecord("bare", null, null, new RecordHeaders(), -1L));

    assertThat(event.id()).isEqualTo("bare-2-7");
    assertThat(event.type()).isEqualTo(CloudEventRecords.FOREIGN_RECORD_TYPE);
    assertThat(event.subject()).as("no key: the id stands in").isEqualTo("bare-2-7");
    assertThat(event.time()).isEqualTo(Instant.EPOCH);
    assertThat(event.data().size()).isZero();
    assertThat(event.attributes()).isEmpty();
  }

  @Test
  void readsTimesWithOffsetsAndFallsBackOnUnreadableOnes() {
    RecordHeaders withOffset = new RecordHeaders();
    withOffset.add("ce_time", "2024-05-01T14:00:00+02:00".getBytes(StandardCharsets.UTF_8));
    RecordHeaders unreadable = new RecordHeaders();
    unreadable.add("ce_time", "yesterday".getBytes(StandardCharsets.UTF_8));

    assertThat(CloudEventRecords.fromRecord(consumerRecord("t", null, null, withOffset, 5L)).time())
        .isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
    assertThat(CloudEventRecords.fromRecord(consumerRecord("t", null, null, unreadable, 5L)).time())
        .isEqualTo(Instant.ofEpochMilli(5L));
  }

  @Test
  void theLastOfRepeatedHeadersCountsAndContentTypeHasAFallback() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("ce_id", "first".getBytes(StandardCharsets.UTF_8));
    headers.add("ce_id", "second".getBytes(StandardCharsets.UTF_8));
    headers.add("ce_datacontenttype", "text/plain".getBytes(StandardCharsets.UTF_8));

    Event event = CloudEventRecords.fromRecord(consumerRecord("t", null, null, headers, 5L));

    assertThat(event.id()).isEqualTo("second");
    assertThat(event.dataContentType()).isEqualTo("text/plain");
    assertThat(event.attributes()).isEmpty();
  }

  @Test
  void theRecordOfAMaximalEventStaysWithinThePublishLimitsBound() {
    PublishLimits limits = TestLimits.TYPICAL;
    Event event = MaximalEvents.event(limits, new Random(11));

    ProducerRecord<byte[], byte[]> record = CloudEventRecords.toRecord("t", event);

    long content = (long) record.key().length + record.value().length;
    int headers = 0;
    for (Header header : record.headers()) {
      headers++;
      int nameBytes = header.key().getBytes(StandardCharsets.UTF_8).length;
      // the name, and two length fields of at most 5 bytes each, within the allowance
      assertThat(nameBytes + 10).isLessThanOrEqualTo(PublishLimits.ATTRIBUTE_ALLOWANCE);
      content += PublishLimits.ATTRIBUTE_ALLOWANCE + header.value().length;
    }
    assertThat(headers)
        .as("one header per context attribute and per extension attribute")
        .isEqualTo(PublishLimits.CONTEXT_ATTRIBUTES + limits.maxAttributes());
    assertThat(content)
        .isLessThanOrEqualTo(limits.maxRecordBytes() - PublishLimits.RECORD_FRAMING_ALLOWANCE);
  }
}
