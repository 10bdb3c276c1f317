package io.eventgateway.kafka.administration;

import io.eventgateway.core.domain.StreamNames;
import io.eventgateway.core.port.out.ClusterAdminException;
import io.eventgateway.core.port.out.ClusterAdminException.Kind;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.errors.InvalidTopicException;

/**
 * Kafka's refusal of a topic whose name collides with an existing topic's (they differ only in '.'
 * and '_'), as the {@link Kind#NAME_COLLISION} failure that names both. Stateless; thread-safe as
 * the admin client is.
 */
final class TopicCollisions {
  private TopicCollisions() {}

  /** Whether {@code error}, Kafka's answer to creating a topic, is such a refusal. */
  static boolean isCollision(Throwable error) {
    return error instanceof InvalidTopicException
        && String.valueOf(error.getMessage()).contains("collides");
  }

  /**
   * The failure for {@code name}, which Kafka refused with {@code refusal}: it names the topics
   * {@code name} collides with as the cluster lists them, or quotes Kafka's message when the
   * listing fails.
   */
  static ClusterAdminException failure(
      Admin admin, AdminCalls calls, String name, Throwable refusal, long deadline) {
    String others;
    try {
      others =
          calls
              .await(
                  admin
                      .listTopics(
                          new ListTopicsOptions()
                              .listInternal(true)
                              .timeoutMs(AdminCalls.remainingMillis(deadline)))
                      .names(),
                  deadline,
                  "listing topics")
              .stream()
              .filter(other -> StreamNames.collide(name, other))
              .sorted()
              .map(other -> "'" + other + "'")
              .collect(Collectors.joining(", "));
    } catch (ExecutionException | ClusterAdminException notListed) {
      others = "";
    }
    String message =
        others.isEmpty()
            ? "'" + name + "' collides with an existing topic (" + refusal.getMessage() + ")"
            : "'"
                + name
                + "' collides with the existing topic "
                + others
                + ": Kafka topic names may not differ only in '.' and '_'";
    return new ClusterAdminException(Kind.NAME_COLLISION, message, refusal);
  }
}
