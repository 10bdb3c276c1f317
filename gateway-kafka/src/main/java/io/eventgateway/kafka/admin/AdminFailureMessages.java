package io.eventgateway.kafka.admin;

import java.time.Duration;

/**
 * The words of the admin adapters' failures, the same whichever port's exception carries them: a
 * cluster that did not answer in time, one that could not finish for now, and a refusal.
 */
final class AdminFailureMessages {
  private AdminFailureMessages() {}

  /** Kafka did not answer in time: the cluster may be down or unreachable with these settings. */
  static String noAnswer(String bootstrapServers, Duration timeout, String doing, Throwable cause) {
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
  static String notFinished(String bootstrapServers, String doing, Throwable cause) {
    return "Kafka at "
        + bootstrapServers
        + " could not finish "
        + doing
        + " ("
        + describe(cause)
        + "); retry later";
  }

  /** Kafka refused for good. */
  static String refused(String doing, Throwable cause) {
    return "Kafka refused " + doing + ": " + describe(cause);
  }

  static String describe(Throwable error) {
    return error.getClass().getSimpleName() + ": " + error.getMessage();
  }
}
