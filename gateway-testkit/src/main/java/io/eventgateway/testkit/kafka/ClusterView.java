package io.eventgateway.testkit.kafka;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What a {@link KafkaCluster}'s metadata says (leaders, replicas, in-sync replicas, registered
 * brokers) and the waits for it to say something, read through one admin client that is created on
 * first use: created earlier, it would try the nodes before they listen and log a warning for each
 * try.
 *
 * <p>Every failure to read is a {@link KafkaClusterException}; so is a wait that ends without the
 * state waited for, with the last state seen. Thread-safe.
 */
final class ClusterView implements AutoCloseable {
  private static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  private final String bootstrapServers;
  private final Object adminLock = new Object();
  private Admin admin; // guarded by adminLock
  private boolean closed; // guarded by adminLock

  ClusterView(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /** The partition's leader now; empty while it has none. */
  OptionalInt leaderOf(String topic, int partition) {
    TopicPartitionInfo info = partitionInfo(describe(topic), topic, partition);
    Node leader = info.leader();
    return leader == null || leader.isEmpty() ? OptionalInt.empty() : OptionalInt.of(leader.id());
  }

  Set<Integer> inSyncReplicas(String topic, int partition) {
    return ids(partitionInfo(describe(topic), topic, partition).isr());
  }

  Set<Integer> replicas(String topic, int partition) {
    return ids(partitionInfo(describe(topic), topic, partition).replicas());
  }

  /**
   * Waits until every partition of {@code topic} has at least {@code minIsrSize} in-sync replicas
   * (or all of its replicas, when it has fewer); {@link Integer#MAX_VALUE} for all of them.
   */
  void awaitInSync(String topic, int minIsrSize, Duration timeout) {
    String wanted =
        minIsrSize == Integer.MAX_VALUE
            ? "all replicas in sync"
            : "at least " + minIsrSize + " in-sync replicas";
    poll(
        "every partition of " + topic + " to have " + wanted,
        timeout,
        () -> {
          List<String> lagging = new ArrayList<>();
          for (TopicPartitionInfo partition : describe(topic).partitions()) {
            Set<Integer> isr = ids(partition.isr());
            Set<Integer> replicas = ids(partition.replicas());
            if (isr.size() < Math.min(minIsrSize, replicas.size())) {
              lagging.add(
                  "partition " + partition.partition() + ": ISR " + isr + " of " + replicas);
            }
          }
          return lagging.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", lagging));
        });
  }

  /** Waits until {@code describeCluster} lists every node of {@code expected}. */
  void awaitBrokers(Set<Integer> expected, Duration timeout) {
    poll(
        "brokers " + expected + " to be registered and unfenced",
        timeout,
        () -> {
          Set<Integer> registered = new TreeSet<>();
          for (Node node : call(admin().describeCluster().nodes(), "describe the cluster")) {
            registered.add(node.id());
          }
          return registered.containsAll(expected)
              ? Optional.empty()
              : Optional.of("the cluster lists brokers " + registered);
        });
  }

  /** Closes the admin client; later calls fail with {@link IllegalStateException}. */
  @Override
  public void close() {
    synchronized (adminLock) {
      closed = true;
      if (admin != null) {
        admin.close(Duration.ofSeconds(5));
        admin = null;
      }
    }
  }

  /**
   * Checks every 200 ms until {@code check} finds nothing wrong (returns empty) or {@code timeout}
   * passes; a check that throws {@link KafkaClusterException} counts as not yet, and its message is
   * kept for the report.
   */
  private static void poll(String what, Duration timeout, Supplier<Optional<String>> check) {
    AtomicReference<String> lastProblem = new AtomicReference<>("not checked yet");
    try {
      await(what)
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(POLL_INTERVAL)
          .pollInSameThread()
          .until(
              () -> {
                try {
                  Optional<String> problem = check.get();
                  problem.ifPresent(lastProblem::set);
                  return problem.isEmpty();
                } catch (KafkaClusterException notYet) {
                  lastProblem.set(notYet.getMessage());
                  return false;
                }
              });
    } catch (ConditionTimeoutException late) {
      throw new KafkaClusterException(
          "waited " + timeout.toSeconds() + " s for " + what + "; last seen: " + lastProblem.get(),
          late);
    }
  }

  private TopicDescription describe(String topic) {
    return call(
        admin().describeTopics(List.of(topic)).topicNameValues().get(topic),
        "describe topic " + topic);
  }

  private static TopicPartitionInfo partitionInfo(
      TopicDescription description, String topic, int partition) {
    return description.partitions().stream()
        .filter(info -> info.partition() == partition)
        .findFirst()
        .orElseThrow(
            () ->
                new KafkaClusterException(
                    "topic "
                        + topic
                        + " has no partition "
                        + partition
                        + "; it has "
                        + description.partitions().size()));
  }

  private static Set<Integer> ids(List<Node> nodes) {
    return nodes.stream().map(Node::id).collect(Collectors.toCollection(TreeSet::new));
  }

  private Admin admin() {
    synchronized (adminLock) {
      if (closed) {
        throw new IllegalStateException("the cluster is closed");
      }
      if (admin == null) {
        admin =
            Admin.create(
                Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers,
                    AdminClientConfig.CLIENT_ID_CONFIG,
                    "kafka-cluster-harness",
                    // a paused node answers nothing: give up on it soon and ask another
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    5_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                    (int) ADMIN_CALL_TIMEOUT.toMillis(),
                    AdminClientConfig.RETRY_BACKOFF_MS_CONFIG,
                    100));
      }
      return admin;
    }
  }

  private static <T> T call(KafkaFuture<T> future, String what) {
    try {
      return future.get(ADMIN_CALL_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException failed) {
      throw new KafkaClusterException("cannot " + what + ": " + failed.getCause(), failed);
    } catch (TimeoutException slow) {
      throw new KafkaClusterException(
          "cannot " + what + ": no answer within " + ADMIN_CALL_TIMEOUT.toSeconds() + " s", slow);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new KafkaClusterException("interrupted while trying to " + what, interrupted);
    }
  }
}
