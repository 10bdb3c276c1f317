package io.eventgateway.bench;

import com.google.protobuf.ByteString;
import io.eventgateway.api.v1.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * The events both sides write: the same data (computed once, reused for every event), a subject
 * picked at random from a fixed set, an id from a per-sender prefix and sequence. The gateway side
 * sends them as {@link Event}s without a time (the gateway stamps it); the direct side writes the
 * record the gateway would write for them: key = subject, value = data, the CloudEvents {@code
 * ce_*} headers and {@code content-type}. Immutable, thread-safe.
 */
final class EventShape {
  static final String SOURCE = "/esg-bench";
  static final String TYPE = "io.eventgateway.bench.event";
  static final String CONTENT_TYPE = "application/octet-stream";

  private static final byte[] SPEC_VERSION = "1.0".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SOURCE_BYTES = SOURCE.getBytes(StandardCharsets.UTF_8);
  private static final byte[] TYPE_BYTES = TYPE.getBytes(StandardCharsets.UTF_8);
  private static final byte[] CONTENT_TYPE_BYTES = CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);

  private final byte[] data;
  private final ByteString dataBytes;
  private final String[] subjects;
  private final byte[][] subjectBytes;

  EventShape(int eventSize, int subjectCount) {
    if (eventSize < 0) {
      throw new IllegalArgumentException("event size must not be negative, was " + eventSize);
    }
    if (subjectCount < 1) {
      throw new IllegalArgumentException("subjects must be at least 1, was " + subjectCount);
    }
    // letters and digits from a fixed seed: the same bytes every run, about as compressible as text
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 {}\":,";
    Random random = new Random(4);
    data = new byte[eventSize];
    for (int i = 0; i < eventSize; i++) {
      data[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
    }
    dataBytes = ByteString.copyFrom(data);
    subjects = new String[subjectCount];
    subjectBytes = new byte[subjectCount][];
    for (int i = 0; i < subjectCount; i++) {
      subjects[i] = "subject-" + i;
      subjectBytes[i] = subjects[i].getBytes(StandardCharsets.UTF_8);
    }
  }

  int dataSize() {
    return data.length;
  }

  /** A subject index picked at random. */
  int randomSubject() {
    return ThreadLocalRandom.current().nextInt(subjects.length);
  }

  /** The gateway-side event. */
  Event event(String id, int subject) {
    return Event.newBuilder()
        .setId(id)
        .setSource(SOURCE)
        .setType(TYPE)
        .setSubject(subjects[subject])
        .setDataContentType(CONTENT_TYPE)
        .setData(dataBytes)
        .build();
  }

  /** The direct-side record, shaped as the gateway writes {@link #event}. */
  ProducerRecord<byte[], byte[]> record(String topic, String id, int subject) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topic, null, subjectBytes[subject], data);
    Headers headers = record.headers();
    headers.add("ce_specversion", SPEC_VERSION);
    headers.add("ce_id", id.getBytes(StandardCharsets.UTF_8));
    headers.add("ce_source", SOURCE_BYTES);
    headers.add("ce_type", TYPE_BYTES);
    headers.add(
        "ce_time",
        DateTimeFormatter.ISO_INSTANT.format(Instant.now()).getBytes(StandardCharsets.UTF_8));
    headers.add("ce_subject", subjectBytes[subject]);
    headers.add("content-type", CONTENT_TYPE_BYTES);
    return record;
  }
}
