package io.eventgateway.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Kafka cluster answers, as a probe sees it: every {@code interval}, an admin client
 * asks the cluster for its brokers and waits at most {@code interval} for the answer. Kafka is
 * <em>unreachable</em> once no probe has succeeded for {@code unreachableAfter}, and reachable
 * again at the first probe that succeeds.
 *
 * <p>What it is for: while Kafka is unreachable the gateway refuses new events at once as "not
 * written" instead of letting each wait in the producer's buffer until its delivery timeout, and
 * reports itself not ready. A cluster under load answers a cluster description in milliseconds, so
 * a probe fails only when no broker answers at all; {@code unreachableAfter} spans several probes
 * so one slow answer is not an outage.
 *
 * <p>Thread-safe. Listeners run on the probe's thread and must not block.
 */
public final class KafkaReachability implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaReachability.class);

  private final Admin admin;
  private final String bootstrapServers;
  private final Duration interval;
  private final Duration unreachableAfter;
  private final Clock clock;
  private final ScheduledExecutorService prober;
  private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();

  private volatile Instant lastAnswer;
  private volatile String lastError = "";
  private volatile boolean reachable = true;

  /**
   * Creates the probe's admin client from {@code connection}; probing starts with {@link #start}.
   * Kafka counts as reachable until a probe says otherwise: the gateway starts only after it has
   * talked to the cluster.
   *
   * @param interval time between probes, and the longest a probe waits (at least 100 ms)
   * @param unreachableAfter how long no probe must succeed before Kafka is unreachable (at least
   *     {@code interval})
   */
  public KafkaReachability(
      KafkaConnection connection, Duration interval, Duration unreachableAfter, Clock clock) {
    Objects.requireNonNull(connection, "connection");
    if (interval.toMillis() < 100) {
      throw new IllegalArgumentException("interval must be at least 100 ms, was " + interval);
    }
    if (unreachableAfter.compareTo(interval) < 0) {
      throw new IllegalArgumentException(
          "unreachableAfter ("
              + unreachableAfter
              + ") must be at least the interval ("
              + interval
              + ")");
    }
    this.bootstrapServers = connection.bootstrapServers();
    this.interval = interval;
    this.unreachableAfter = unreachableAfter;
    this.clock = clock;
    this.lastAnswer = clock.instant();
    Map<String, Object> config = connection.clientConfig();
    String millis = Long.toString(interval.toMillis());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "esg-reachability");
    this.admin = Admin.create(config);
    this.prober =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "esg-kafka-reachability");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts probing. */
  public KafkaReachability start() {
    // probe() catches everything, so the schedule never ends by an exception
    ScheduledFuture<?> unused =
        prober.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Whether Kafka answers: false once no probe has succeeded for {@code unreachableAfter}. */
  public boolean reachable() {
    return reachable;
  }

  /** Why Kafka is unreachable, for messages; empty while it is reachable. */
  public Optional<String> unreachableReason() {
    if (reachable) {
      return Optional.empty();
    }
    long seconds = Duration.between(lastAnswer, clock.instant()).toSeconds();
    return Optional.of(
        "Kafka at "
            + bootstrapServers
            + " has not answered for "
            + seconds
            + " s"
            + (lastError.isEmpty() ? "" : " (" + lastError + ")"));
  }

  /** Calls {@code listener} with the new state each time it changes. */
  public void onChange(Consumer<Boolean> listener) {
    listeners.add(listener);
  }

  /** One probe: what the scheduled task runs. */
  void probe() {
    try {
      List<Node> nodes =
          List.copyOf(
              admin
                  .describeCluster(
                      new DescribeClusterOptions().timeoutMs((int) interval.toMillis()))
                  .nodes()
                  .get(interval.toMillis() * 2, TimeUnit.MILLISECONDS));
      if (nodes.isEmpty()) {
        failed("the cluster reported no brokers");
        return;
      }
      lastAnswer = clock.instant();
      lastError = "";
      change(true);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException failure) {
      failed(describe(failure.getCause()));
    } catch (java.util.concurrent.TimeoutException | RuntimeException failure) {
      failed(describe(failure));
    }
  }

  private void failed(String error) {
    lastError = error;
    if (Duration.between(lastAnswer, clock.instant()).compareTo(unreachableAfter) >= 0) {
      change(false);
    }
  }

  private void change(boolean nowReachable) {
    if (reachable == nowReachable) {
      return;
    }
    reachable = nowReachable;
    if (nowReachable) {
      LOGGER.info("Kafka at {} answers again", bootstrapServers);
    } else {
      LOGGER.warn("{}; refusing events until it answers", unreachableReason().orElse(""));
    }
    for (Consumer<Boolean> listener : listeners) {
      try {
        listener.accept(nowReachable);
      } catch (RuntimeException failure) {
        LOGGER.error("a listener of Kafka's reachability failed", failure);
      }
    }
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Stops probing and closes the admin client. */
  @Override
  public void close() {
    prober.shutdownNow();
    admin.close(Duration.ofSeconds(5));
  }
}
