package io.eventgateway.kafka.administration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.eventgateway.core.port.out.ClusterAdminException;
import io.eventgateway.core.port.out.ClusterAdminException.Kind;
import java.time.Duration;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

class AdminCallsTest {
  private final AdminCalls calls = new AdminCalls("kafka-1:9092", Duration.ofMillis(250));

  @Test
  void aRetriableErrorIsUnavailableAndSaysKafkaCouldNotFinish() {
    ClusterAdminException failure =
        calls.refused("creating topic 'orders'", new NotControllerException("moved"));

    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure)
        .hasMessage(
            "Kafka at kafka-1:9092 could not finish creating topic 'orders'"
                + " (NotControllerException: moved); retry later");
  }

  @Test
  void kafkasTimeoutIsUnavailableAndSaysNoAnswerCameInTime() {
    ClusterAdminException failure =
        calls.refused("describing group 'billing'", new TimeoutException("late"));

    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure)
        .hasMessage(
            "Kafka at kafka-1:9092 did not answer within 250 ms while describing group 'billing'"
                + " (TimeoutException: late); check that the cluster is up and reachable with"
                + " these client settings");
  }

  @Test
  void anyOtherErrorIsARefusal() {
    ClusterAdminException failure =
        calls.refused("creating topic 'orders'", new PolicyViolationException("no"));

    assertThat(failure.kind()).isEqualTo(Kind.FAILED);
    assertThat(failure)
        .hasMessage("Kafka refused creating topic 'orders': PolicyViolationException: no");
  }

  @Test
  void waitingPastTheDeadlineIsUnavailable() throws Exception {
    KafkaFuture<String> never = new KafkaFutureImpl<>();

    ClusterAdminException failure =
        catchThrowableOfType(
            ClusterAdminException.class,
            () -> calls.await(never, System.nanoTime(), "listing offsets"));

    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure)
        .hasMessageStartingWith("Kafka at kafka-1:9092 did not answer within 250 ms");
    assertThat(calls.await(KafkaFuture.completedFuture("done"), calls.deadline(), "x"))
        .isEqualTo("done");
  }

  @Test
  void aRequestAlwaysGetsAtLeastAMillisecond() {
    assertThat(AdminCalls.remainingMillis(System.nanoTime() - 1_000_000_000L)).isEqualTo(1);
    assertThat(AdminCalls.remainingMillis(calls.deadline())).isBetween(1, 250);
  }
}
