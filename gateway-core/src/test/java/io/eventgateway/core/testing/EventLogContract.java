package io.eventgateway.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.LogPosition;
import io.eventgateway.core.domain.Payload;
import io.eventgateway.core.domain.StreamClass;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.out.EventLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventLog} must do. Run against the in-memory fake and against each real
 * adapter, so the fake stays honest.
 */
public abstract class EventLogContract {

  /** The log under test. */
  protected abstract EventLog log();

  /**
   * A fresh stream with {@code partitions} partitions whose storage exists (a new topic for a real
   * log).
   */
  protected abstract StreamDefinition newStream(int partitions, Durability durability);

  /** Every event in {@code stream} with its position, read back from the log's storage. */
  protected abstract List<StoredEvent> readBack(StreamDefinition stream, int expectedCount);

  /** An event read back from storage. */
  public record StoredEvent(LogPosition position, Event event) {}

  protected static StreamDefinition definition(String name, int partitions, Durability durability) {
    return new StreamDefinition(
        name, StreamClass.EVENTS, partitions, durability, Duration.ofDays(1), (short) 1, 1);
  }

  protected static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  protected static Event event(String subject, int sequence, Map<String, String> attributes) {
    return new Event(
        UUID.randomUUID().toString(),
        "/contract/test",
        "com.example.sequence",
        subject,
        Instant.now().truncatedTo(ChronoUnit.MILLIS),
        "text/plain",
        Payload.copyOf((subject + ":" + sequence).getBytes(StandardCharsets.UTF_8)),
        attributes);
  }

  private static LogPosition await(CompletableFuture<LogPosition> future) throws Exception {
    return future.get(30, TimeUnit.SECONDS);
  }

  @Test
  void acknowledgesWithThePositionWhereTheEventIsStored() throws Exception {
    StreamDefinition stream = newStream(3, Durability.STANDARD);
    Event event = event("order-1", 0, Map.of("tenant", "acme"));

    LogPosition position = await(log().append(stream, event).toCompletableFuture());

    List<StoredEvent> stored = readBack(stream, 1);
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).position()).isEqualTo(position);
    assertThat(stored.get(0).event()).isEqualTo(event);
  }

  @Test
  void keepsEverySubjectInOnePartitionInCallOrder() throws Exception {
    StreamDefinition stream = newStream(4, Durability.STANDARD);
    List<CompletableFuture<LogPosition>> acks = new ArrayList<>();
    List<String> subjects = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    for (int sequence = 0; sequence < 25; sequence++) {
      for (String subject : subjects) {
        acks.add(log().append(stream, event(subject, sequence, Map.of())).toCompletableFuture());
      }
    }
    for (CompletableFuture<LogPosition> ack : acks) {
      await(ack);
    }

    List<StoredEvent> stored = readBack(stream, acks.size());
    assertThat(stored).hasSize(acks.size());
    for (String subject : subjects) {
      List<StoredEvent> ofSubject =
          stored.stream().filter(s -> s.event().subject().equals(subject)).toList();
      assertThat(ofSubject)
          .extracting(s -> s.position().partition())
          .containsOnly(ofSubject.get(0).position().partition());
      List<String> data =
          ofSubject.stream()
              .sorted(java.util.Comparator.comparingLong(s -> s.position().offset()))
              .map(s -> new String(s.event().data().toByteArray(), StandardCharsets.UTF_8))
              .toList();
      List<String> expected = new ArrayList<>();
      for (int sequence = 0; sequence < 25; sequence++) {
        expected.add(subject + ":" + sequence);
      }
      assertThat(data).as("order of subject %s", subject).containsExactlyElementsOf(expected);
    }
    assertThat(stored.stream().map(s -> s.position().partition()).distinct().count())
        .as("8 subjects over 4 partitions use more than one")
        .isGreaterThan(1);
  }

  @Test
  void partitionKeyAttributeDecidesThePartitionInsteadOfTheSubject() throws Exception {
    StreamDefinition stream = newStream(8, Durability.STANDARD);
    List<CompletableFuture<LogPosition>> acks = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      acks.add(
          log()
              .append(stream, event("subject-" + i, i, Map.of("partitionkey", "tenant-7")))
              .toCompletableFuture());
    }
    for (CompletableFuture<LogPosition> ack : acks) {
      await(ack);
    }
    assertThat(acks.stream().map(CompletableFuture::join).map(LogPosition::partition).distinct())
        .hasSize(1);
  }

  @Test
  void criticalStreamsAcknowledgeToo() throws Exception {
    StreamDefinition stream = newStream(2, Durability.CRITICAL);
    Event event = event("payment-9", 0, Map.of());

    LogPosition position = await(log().append(stream, event).toCompletableFuture());

    assertThat(readBack(stream, 1)).extracting(StoredEvent::position).containsExactly(position);
  }
}
