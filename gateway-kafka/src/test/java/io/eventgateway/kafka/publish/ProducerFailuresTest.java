package io.eventgateway.kafka.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgateway.core.port.out.EventLogException;
import io.eventgateway.core.port.out.EventLogException.Kind;
import java.time.Duration;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class ProducerFailuresTest {
  private final ProducerFailures failures =
      new ProducerFailures(Duration.ofSeconds(5), Duration.ofSeconds(30));

  private Kind notTaken(Exception error) {
    return failures.notTaken("s", error).kind();
  }

  private Kind afterSend(Exception error) {
    return failures.afterSend("s", error).kind();
  }

  @Test
  void beforeTheRecordLeftTheClientTheEventIsNeverMaybeWritten() {
    assertThat(notTaken(new TimeoutException("Topic s not present in metadata after 5000 ms.")))
        .isEqualTo(Kind.UNAVAILABLE);
    assertThat(notTaken(new BufferExhaustedException("full"))).isEqualTo(Kind.UNAVAILABLE);
    assertThat(notTaken(new IllegalStateException("closed"))).isEqualTo(Kind.UNAVAILABLE);
    assertThat(notTaken(new RecordTooLargeException("big"))).isEqualTo(Kind.TOO_LARGE);
    assertThat(notTaken(new TopicAuthorizationException("no"))).isEqualTo(Kind.FAILED);
    assertThat(notTaken(new KafkaException("odd"))).isEqualTo(Kind.FAILED);
  }

  @Test
  void afterTheRecordLeftTheClientOnlyCertainRefusalsAreDefinite() {
    assertThat(afterSend(new RecordTooLargeException("big"))).isEqualTo(Kind.TOO_LARGE);
    assertThat(afterSend(new TopicAuthorizationException("no"))).isEqualTo(Kind.FAILED);
    assertThat(afterSend(new TimeoutException("Expiring 1 record(s)")))
        .isEqualTo(Kind.OUTCOME_UNKNOWN);
    assertThat(afterSend(new DisconnectException("gone"))).isEqualTo(Kind.OUTCOME_UNKNOWN);
    assertThat(afterSend(new NetworkException("reset"))).isEqualTo(Kind.OUTCOME_UNKNOWN);
    assertThat(afterSend(new NotEnoughReplicasException("isr"))).isEqualTo(Kind.OUTCOME_UNKNOWN);
    assertThat(afterSend(new NotEnoughReplicasAfterAppendException("isr")))
        .isEqualTo(Kind.OUTCOME_UNKNOWN);
    assertThat(afterSend(new OutOfOrderSequenceException("seq"))).isEqualTo(Kind.OUTCOME_UNKNOWN);
    assertThat(afterSend(new KafkaException("odd"))).isEqualTo(Kind.OUTCOME_UNKNOWN);
  }

  @Test
  void messagesSayWhatHappenedAndWhatToDo() {
    EventLogException late = failures.afterSend("orders", new TimeoutException("Expiring"));
    EventLogException blocked = failures.notTaken("orders", new TimeoutException("no metadata"));

    assertThat(late)
        .hasMessage(
            "Kafka did not acknowledge the event for stream 'orders' within 30 s; the event may"
                + " have been written; retry with the same id");
    assertThat(blocked.getMessage())
        .startsWith("Kafka did not take the event for stream 'orders' within 5 s")
        .endsWith("the event was not written; retry later");
  }

  @Test
  void formatsDurations() {
    assertThat(ProducerFailures.format(Duration.ofMillis(500))).isEqualTo("500 ms");
    assertThat(ProducerFailures.format(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    assertThat(ProducerFailures.format(Duration.ofSeconds(30))).isEqualTo("30 s");
  }
}
