package io.eventgateway.kafka.administration;

import io.eventgateway.core.port.out.ClusterAdminException;
import io.eventgateway.core.port.out.ClusterAdminException.Kind;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * What the admin adapters' calls on Kafka share: one deadline for all the requests of a call,
 * waiting for an answer within it, and the {@link ClusterAdminException} when none comes in time
 * (UNAVAILABLE), Kafka cannot finish for now (UNAVAILABLE) or refuses (FAILED), with words that say
 * what was being done. Immutable and thread-safe.
 */
final class AdminCalls {
  private final String bootstrapServers;
  private final Duration timeout;

  /**
   * @param bootstrapServers the cluster, as the messages name it
   * @param timeout the longest one call may take, all its requests together
   */
  AdminCalls(String bootstrapServers, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  /** The deadline of a call that starts now, in {@link System#nanoTime()} terms. */
  long deadline() {
    return System.nanoTime() + timeout.toNanos();
  }

  /** What is left until {@code deadline}, as a request's timeout: 1 ms at least. */
  static int remainingMillis(long deadline) {
    long millis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    return (int) Math.max(1L, Math.min(Integer.MAX_VALUE, millis));
  }

  /**
   * Waits for {@code future} until {@code deadline}.
   *
   * @throws ExecutionException when Kafka answered with an error, for the caller to sort out
   * @throws ClusterAdminException UNAVAILABLE when no answer came in time or the thread was
   *     interrupted (its interrupt flag is set again)
   */
  <T> T await(KafkaFuture<T> future, long deadline, String doing) throws ExecutionException {
    try {
      return future.get(Math.max(0L, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new ClusterAdminException(
          Kind.UNAVAILABLE, "interrupted while " + doing + " on Kafka", interrupted);
    } catch (java.util.concurrent.TimeoutException late) {
      throw unavailable(doing, late);
    }
  }

  /** Kafka's error {@code cause} while {@code doing}: UNAVAILABLE when retriable, else FAILED. */
  ClusterAdminException refused(String doing, Throwable cause) {
    if (cause instanceof TimeoutException) {
      return unavailable(doing, cause);
    }
    if (cause instanceof RetriableException) {
      return new ClusterAdminException(
          Kind.UNAVAILABLE, notFinished(bootstrapServers, doing, cause), cause);
    }
    return new ClusterAdminException(Kind.FAILED, refusal(doing, cause), cause);
  }

  /** No answer in time while {@code doing}: UNAVAILABLE. */
  ClusterAdminException unavailable(String doing, Throwable cause) {
    return new ClusterAdminException(
        Kind.UNAVAILABLE, noAnswer(bootstrapServers, timeout, doing, cause), cause);
  }

  /** Kafka did not answer in time: the cluster may be down or unreachable with these settings. */
  private static String noAnswer(
      String bootstrapServers, Duration timeout, String doing, Throwable cause) {
    return "Kafka at "
        + bootstrapServers
        + " did not answer within "
        + timeout.toMillis()
        + " ms while "
        + doing
        + (cause == null ? "" : " (" + describe(cause) + ")")
        + "; check that the cluster is up and reachable with these client settings";
  }

  /** Kafka answered with a retriable error. */
  private static String notFinished(String bootstrapServers, String doing, Throwable cause) {
    return "Kafka at "
        + bootstrapServers
        + " could not finish "
        + doing
        + " ("
        + describe(cause)
        + "); retry later";
  }

  /** Kafka refused for good. */
  private static String refusal(String doing, Throwable cause) {
    return "Kafka refused " + doing + ": " + describe(cause);
  }

  static String describe(Throwable error) {
    return error.getClass().getSimpleName() + ": " + error.getMessage();
  }
}
