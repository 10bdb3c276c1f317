package io.eventgateway.kafka.monitor;

import io.eventgateway.core.port.out.monitor.ClusterObservation.Part;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * One refresh's clock and the failures of its parts: waits for Kafka's answers until the deadline
 * and turns each failure into a message kept under its part, so that one failed part does not end
 * the refresh. Used by the refreshing thread only.
 */
final class Attempt {
  private final String bootstrapServers;
  private final Duration timeout;
  private final Instant observedAt = Instant.now();
  private final long started = System.nanoTime();
  private final long deadline;
  private final Map<Part, String> failures = new EnumMap<>(Part.class);

  Attempt(String bootstrapServers, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
    this.deadline = started + timeout.toNanos();
  }

  /** When the refresh started: what its observation is as of. */
  Instant observedAt() {
    return observedAt;
  }

  /** The time since the refresh started. */
  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /** The nanoTime at which the refresh must be over. */
  long deadline() {
    return deadline;
  }

  /** The time left, in ms, at least 1: for the admin client's {@code timeoutMs} options. */
  int remainingMillis() {
    long millis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    return (int) Math.max(1L, Math.min(Integer.MAX_VALUE, millis));
  }

  /** The answer, or empty when it failed or came too late: then {@code part} failed. */
  <T> Optional<T> await(Part part, KafkaFuture<T> future, String doing) {
    try {
      return Optional.of(get(future));
    } catch (ExecutionException failed) {
      fail(part, describe(doing, failed.getCause()));
    } catch (java.util.concurrent.TimeoutException late) {
      fail(part, noAnswer(doing));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      fail(part, "interrupted while " + doing);
    }
    return Optional.empty();
  }

  /**
   * The answers that came, by key: one failed key does not lose the others. A failure that {@code
   * expected} accepts (e.g. a topic deleted meanwhile) is left out silently; the others make {@code
   * part} fail with the count and the first failure.
   */
  <K, V> Map<K, V> awaitEach(
      Part part, Map<K, KafkaFuture<V>> futures, String doing, Predicate<Throwable> expected) {
    Map<K, V> answers = new HashMap<>();
    int failed = 0;
    String first = null;
    for (Map.Entry<K, KafkaFuture<V>> entry : futures.entrySet()) {
      String problem;
      try {
        V answer = get(entry.getValue());
        if (answer != null) {
          answers.put(entry.getKey(), answer);
        }
        continue;
      } catch (ExecutionException failure) {
        if (expected.test(failure.getCause())) {
          continue;
        }
        problem = describe(doing + " (" + entry.getKey() + ")", failure.getCause());
      } catch (java.util.concurrent.TimeoutException late) {
        problem = noAnswer(doing + " (" + entry.getKey() + ")");
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        problem = "interrupted while " + doing;
      }
      failed++;
      if (first == null) {
        first = problem;
      }
    }
    if (failed > 0) {
      fail(
          part,
          failed == 1 ? first : failed + " of " + futures.size() + " failed, the first: " + first);
    }
    return answers;
  }

  /** Records that {@code part} failed; the first message of a part is kept. */
  void fail(Part part, String message) {
    failures.putIfAbsent(part, message);
  }

  Map<Part, String> failures() {
    return failures;
  }

  private <T> T get(KafkaFuture<T> future)
      throws ExecutionException, java.util.concurrent.TimeoutException, InterruptedException {
    // a little past the deadline: the admin client's own timeoutMs fails the call first
    long wait = Math.max(0L, deadline - System.nanoTime()) + TimeUnit.MILLISECONDS.toNanos(100);
    return future.get(wait, TimeUnit.NANOSECONDS);
  }

  private String noAnswer(String doing) {
    return "Kafka at "
        + bootstrapServers
        + " did not answer within the "
        + timeout.toMillis()
        + " ms of the refresh while "
        + doing;
  }

  private String describe(String doing, Throwable cause) {
    if (cause instanceof TimeoutException) {
      return noAnswer(doing) + " (" + cause.getMessage() + ")";
    }
    return doing + " failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
