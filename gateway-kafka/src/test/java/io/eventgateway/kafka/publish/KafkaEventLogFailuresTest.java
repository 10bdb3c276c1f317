package io.eventgateway.kafka.publish;

import static io.eventgateway.kafka.publish.KafkaEventLogTest.failureOf;
import static io.eventgateway.kafka.publish.KafkaEventLogTest.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.LogPosition;
import io.eventgateway.core.domain.Payload;
import io.eventgateway.core.port.out.EventLogException;
import io.eventgateway.core.port.out.EventLogException.Kind;
import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.kafka.testing.TestPublisherSettings;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each failure of an append says truthfully whether the event was written. */
class KafkaEventLogFailuresTest {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static TestPublisherSettings settings(Map<String, String> clientProperties) {
    return TestPublisherSettings.on(
        new KafkaConnection(KAFKA.bootstrapServers(), clientProperties));
  }

  private static Event event(int dataBytes) {
    byte[] data = new byte[dataBytes];
    new Random(7).nextBytes(data); // incompressible, so compression cannot shrink it
    return new Event(
        "id", "/test", "big", "subject", Instant.now(), "", Payload.copyOf(data), Map.of());
  }

  @Test
  void aTopicWithoutMetadataIsUnavailableAfterMaxBlockAndNothingIsWritten() {
    try (KafkaEventLog log =
        new KafkaEventLog(settings(Map.of()).withMaxBlock(Duration.ofMillis(500)).build())) {
      long started = System.nanoTime();
      CompletableFuture<LogPosition> append =
          log.append(stream("no-such-topic", Durability.STANDARD), event(10)).toCompletableFuture();

      assertThat(append).as("refused on the caller's thread, inside append").isDone();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      EventLogException failure = failureOf(append, Duration.ZERO);
      assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
      assertThat(failure.getMessage())
          .startsWith("Kafka did not take the event for stream 'no-such-topic' within 500 ms")
          .endsWith("the event was not written; retry later");
    }
  }

  @Test
  void anEventTheBrokerFindsTooLargeIsTooLarge() {
    String topic = KAFKA.createTopic("small", 1, Map.of("max.message.bytes", "1024"));
    try (KafkaEventLog log = new KafkaEventLog(settings(Map.of()).build())) {
      CompletableFuture<LogPosition> append =
          log.append(stream(topic, Durability.CRITICAL), event(8 * 1024)).toCompletableFuture();

      EventLogException failure = failureOf(append, Duration.ofSeconds(30));
      assertThat(failure.kind()).isEqualTo(Kind.TOO_LARGE);
      assertThat(failure).hasMessageContaining("retrying will not help");
    }
    assertThat(KAFKA.readAll(topic, 1, Duration.ofMillis(500))).isEmpty();
  }

  @Test
  void anEventTheProducerFindsTooLargeIsTooLargeAtOnce() {
    String topic = KAFKA.createTopic("small", 1);
    // a max.request.size may be small, as long as it takes the records the limits allow
    try (KafkaEventLog log =
        new KafkaEventLog(
            settings(Map.of("max.request.size", "2048")).withMaxRecordBytes(2048).build())) {
      CompletableFuture<LogPosition> append =
          log.append(stream(topic, Durability.STANDARD), event(8 * 1024)).toCompletableFuture();

      assertThat(append).isDone();
      assertThat(failureOf(append, Duration.ZERO).kind()).isEqualTo(Kind.TOO_LARGE);
    }
  }

  @Test
  void aClosedLogRefusesEventsAsUnavailable() {
    String topic = KAFKA.createTopic("closed", 1);
    KafkaEventLog log = new KafkaEventLog(settings(Map.of()).build());
    log.close(Duration.ofSeconds(5));

    CompletableFuture<LogPosition> append =
        log.append(stream(topic, Durability.CRITICAL), event(10)).toCompletableFuture();

    EventLogException failure = failureOf(append, Duration.ZERO);
    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure).hasMessageContaining("closed");
  }

  @Test
  void closingSendsWhatIsBuffered() throws Exception {
    String topic = KAFKA.createTopic("drain", 1);
    KafkaEventLog log =
        new KafkaEventLog(settings(Map.of()).withLinger(Duration.ofSeconds(2)).build());
    CompletableFuture<LogPosition> append =
        log.append(stream(topic, Durability.CRITICAL), event(10)).toCompletableFuture();
    assertThat(append).as("still lingering").isNotDone();

    log.close(Duration.ofSeconds(20));

    assertThat(append).isCompletedWithValue(new LogPosition(0, 0));
  }

  @Test
  void warmUpFetchesMetadataOfExistingTopicsAndFailsClearlyOnMissingOnes() {
    String topic = KAFKA.createTopic("warm", 3);
    try (KafkaEventLog log =
        new KafkaEventLog(settings(Map.of()).withMaxBlock(Duration.ofMillis(500)).build())) {
      log.warmUp(List.of(stream(topic, Durability.CRITICAL), stream(topic, Durability.STANDARD)));

      assertThatThrownBy(() -> log.warmUp(List.of(stream("not-there", Durability.STANDARD))))
          .isInstanceOfSatisfying(
              EventLogException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
          .hasMessageContaining("cannot fetch the metadata of stream 'not-there'");
    }
  }
}
