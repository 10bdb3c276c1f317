package io.eventgateway.kafka.cloudevents;

import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.Payload;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Maps events to Kafka records and back, in the binary mode of the CloudEvents Kafka protocol
 * binding (CloudEvents 1.0).
 *
 * <p>Writing ({@link #toRecord}):
 *
 * <ul>
 *   <li>key: the event's {@linkplain Event#entityKey() entity key} in UTF-8 (the {@code
 *       partitionkey} attribute when present, the subject otherwise);
 *   <li>value: the event's data, unchanged;
 *   <li>headers, values in UTF-8: {@code ce_specversion} = {@code 1.0}, {@code ce_id}, {@code
 *       ce_source}, {@code ce_type}, {@code ce_time} (RFC 3339 in UTC, e.g. {@code
 *       2024-05-01T12:00:00.123Z}), {@code ce_subject}, every extension attribute as {@code
 *       ce_<name>}, and {@code content-type} when the event has a data content type;
 *   <li>timestamp: none, so the producer stamps the time of the write (retention and replay by time
 *       follow when the gateway wrote the event, not the event's own {@code time}).
 * </ul>
 *
 * <p>Reading ({@link #fromRecord}) accepts any record, including records that other clients wrote
 * without some or all CloudEvents headers. Missing attributes get documented stand-ins, so reading
 * never fails:
 *
 * <ul>
 *   <li>{@code id}: {@code <topic>-<partition>-<offset>}, unique and the same on every read;
 *   <li>{@code source}: {@code /kafka/<topic>};
 *   <li>{@code type}: {@value #FOREIGN_RECORD_TYPE};
 *   <li>{@code subject}: the key in UTF-8, or the id when the record has no key;
 *   <li>{@code time}: the record's timestamp (also when {@code ce_time} cannot be parsed);
 *   <li>data content type: {@code content-type}, else a non-standard {@code ce_datacontenttype},
 *       else none.
 * </ul>
 *
 * Headers that are not {@code ce_*} are ignored; when a header repeats, the last one counts.
 * Structured-mode records ({@code content-type: application/cloudevents+json}) are not unpacked:
 * their JSON is the data. Stateless and thread-safe.
 */
public final class CloudEventRecords {

  /** The CloudEvents version written in {@code ce_specversion}. */
  public static final String SPEC_VERSION = "1.0";

  /** The prefix of every CloudEvents attribute header. */
  public static final String HEADER_PREFIX = "ce_";

  /** The header that carries the data content type. */
  public static final String CONTENT_TYPE_HEADER = "content-type";

  /** The type given to records read without a {@code ce_type} header. */
  public static final String FOREIGN_RECORD_TYPE = "io.eventgateway.kafka.record";

  static final String SPEC_VERSION_HEADER = "ce_specversion";
  static final String ID_HEADER = "ce_id";
  static final String SOURCE_HEADER = "ce_source";
  static final String TYPE_HEADER = "ce_type";
  static final String TIME_HEADER = "ce_time";
  static final String SUBJECT_HEADER = "ce_subject";
  static final String DATA_CONTENT_TYPE_HEADER = "ce_datacontenttype";

  /** Context attributes carried in the event's own fields, so never read back as extensions. */
  private static final Set<String> CONTEXT_HEADERS =
      Set.of(
          SPEC_VERSION_HEADER,
          ID_HEADER,
          SOURCE_HEADER,
          TYPE_HEADER,
          TIME_HEADER,
          SUBJECT_HEADER,
          DATA_CONTENT_TYPE_HEADER);

  private CloudEventRecords() {}

  /**
   * The record that carries {@code event} to {@code topic}; the partition is left to the producer's
   * partitioner, which hashes the key.
   *
   * <p>The value is the event's data as {@link Payload#readOnlyArray()}: the payload's own array
   * when it has one (no copy), a copy otherwise. Kafka's serializer takes a {@code byte[]} and
   * would copy anything else.
   */
  public static ProducerRecord<byte[], byte[]> toRecord(String topic, Event event) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic,
            null,
            event.entityKey().getBytes(StandardCharsets.UTF_8),
            event.data().readOnlyArray());
    Headers headers = record.headers();
    add(headers, SPEC_VERSION_HEADER, SPEC_VERSION);
    add(headers, ID_HEADER, event.id());
    add(headers, SOURCE_HEADER, event.source());
    add(headers, TYPE_HEADER, event.type());
    add(headers, TIME_HEADER, TimeHeaderFormat.format(event.time()));
    add(headers, SUBJECT_HEADER, event.subject());
    if (!event.dataContentType().isEmpty()) {
      add(headers, CONTENT_TYPE_HEADER, event.dataContentType());
    }
    for (Map.Entry<String, String> attribute : event.attributes().entrySet()) {
      add(headers, HEADER_PREFIX + attribute.getKey(), attribute.getValue());
    }
    return record;
  }

  /**
   * The event {@code record} carries. Never fails: attributes the record lacks get the stand-ins
   * listed in the class documentation. The record's value becomes the data without a copy.
   */
  public static Event fromRecord(ConsumerRecord<byte[], byte[]> record) {
    Headers headers = record.headers();
    String fallbackId = record.topic() + "-" + record.partition() + "-" + record.offset();
    String id = orElse(text(headers, ID_HEADER), fallbackId);
    String source = orElse(text(headers, SOURCE_HEADER), "/kafka/" + record.topic());
    String type = orElse(text(headers, TYPE_HEADER), FOREIGN_RECORD_TYPE);
    String subject = text(headers, SUBJECT_HEADER);
    if (subject == null || subject.isEmpty()) {
      byte[] key = record.key();
      subject = key != null && key.length > 0 ? new String(key, StandardCharsets.UTF_8) : id;
    }
    Instant time = time(text(headers, TIME_HEADER), record.timestamp());
    String contentType = text(headers, CONTENT_TYPE_HEADER);
    if (contentType == null) {
      contentType = text(headers, DATA_CONTENT_TYPE_HEADER);
    }
    byte[] value = record.value();
    Payload data = value == null ? Payload.empty() : Payload.wrap(ByteBuffer.wrap(value));
    return new Event(
        id,
        source,
        type,
        subject,
        time,
        contentType == null ? "" : contentType,
        data,
        extensions(headers));
  }

  private static Map<String, String> extensions(Headers headers) {
    Map<String, String> attributes = new HashMap<>();
    for (Header header : headers) {
      String name = header.key();
      if (name.startsWith(HEADER_PREFIX)
          && name.length() > HEADER_PREFIX.length()
          && !CONTEXT_HEADERS.contains(name)) {
        attributes.put(name.substring(HEADER_PREFIX.length()), utf8(header.value()));
      }
    }
    return attributes;
  }

  private static Instant time(String text, long recordTimestamp) {
    if (text != null && !text.isEmpty()) {
      try {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeParseException notRfc3339) {
        // documented: an unreadable ce_time falls back to the record's timestamp
      }
    }
    return Instant.ofEpochMilli(Math.max(0L, recordTimestamp));
  }

  private static String text(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : utf8(header.value());
  }

  private static String utf8(byte[] bytes) {
    return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }

  private static void add(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
