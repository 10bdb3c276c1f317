package io.eventgateway.kafka.monitor;

import io.eventgateway.core.port.out.monitor.ClusterMonitor;
import io.eventgateway.core.port.out.monitor.ClusterObservation;
import io.eventgateway.kafka.KafkaConnection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ClusterMonitor} port on Kafka: observes the whole cluster (brokers, controller quorum,
 * every topic's partitions, log directories) and the lag of every consumer group on it, classic and
 * consumer protocol, in records and in time. What one refresh asks is in {@link ClusterRefresh}.
 *
 * <p><b>Failures.</b> Each part of a refresh may fail alone (not authorised, not supported, timed
 * out): the observation keeps the other parts and lists the failed ones, whose fields are empty;
 * {@link #lastError} says what went wrong. A refresh that observes nothing keeps the previous
 * observation. No refresh takes longer than the settings' timeout, all requests and reads together.
 *
 * <p><b>Threading.</b> One daemon thread refreshes every interval after {@link #start}; {@link
 * #refreshNow} refreshes on the caller's thread. Refreshes never overlap: one waits for the other.
 * {@link #latest} and {@link #lastError} never block. Thread-safe.
 */
public final class KafkaClusterMonitor implements ClusterMonitor, AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaClusterMonitor.class);

  private final KafkaClusterMonitorSettings settings;
  private final String bootstrapServers;
  private final Admin admin;
  private final TimeLagReader timeLags;
  private final ScheduledExecutorService scheduler;
  private final ReentrantLock refreshing = new ReentrantLock();
  private final ClusterRefresh clusterRefresh; // guarded by refreshing
  private final PartFailures partFailures;

  private volatile ClusterObservation latest;
  private volatile boolean closed;

  /**
   * Creates the admin client and the time-lag consumer from the settings' connection; they connect
   * lazily. Nothing is observed until {@link #start} or {@link #refreshNow}.
   *
   * <p>The connection's client properties reach both clients unchanged, except that the monitor
   * sets the admin client's {@code client.id}, {@code request.timeout.ms} and {@code
   * default.api.timeout.ms}, and the consumer's {@code client.id}, deserializers, fetch sizes and
   * offset reset, and removes its {@code group.id}.
   */
  public KafkaClusterMonitor(KafkaClusterMonitorSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    KafkaConnection connection = settings.connection();
    this.bootstrapServers = connection.bootstrapServers();
    Map<String, Object> config = connection.clientConfig();
    String millis = Long.toString(settings.timeout().toMillis());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "esg-cluster-monitor");
    this.admin = Admin.create(config);
    this.timeLags = new TimeLagReader(connection.clientConfig());
    this.clusterRefresh = new ClusterRefresh(admin, timeLags, settings.maxTimeLagLookups());
    this.partFailures = new PartFailures(bootstrapServers);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "esg-cluster-monitor");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts refreshing: now, then every interval after the end of the previous refresh. */
  public KafkaClusterMonitor start() {
    // refreshScheduled() catches everything, so the schedule never ends by an exception
    ScheduledFuture<?> unused =
        scheduler.scheduleWithFixedDelay(
            this::refreshScheduled, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * Refreshes now on the caller's thread, after any refresh in progress, and returns what it
   * observed: empty when it observed nothing (then {@link #lastError} says why). Takes at most the
   * timeout (plus the wait for a refresh in progress).
   *
   * @throws IllegalStateException when the monitor is closed
   */
  public Optional<ClusterObservation> refreshNow() {
    refreshing.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the cluster monitor is closed");
      }
      return refresh();
    } finally {
      refreshing.unlock();
    }
  }

  @Override
  public Optional<ClusterObservation> latest() {
    return Optional.ofNullable(latest);
  }

  @Override
  public Optional<RefreshError> lastError() {
    return partFailures.lastError();
  }

  /**
   * Stops refreshing, ends a refresh in progress soon, and closes the clients, waiting at most the
   * timeout for each. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    timeLags.wakeup();
    refreshing.lock();
    try {
      timeLags.close();
      admin.close(settings.timeout());
    } finally {
      refreshing.unlock();
    }
  }

  private void refreshScheduled() {
    if (!refreshing.tryLock()) {
      return; // a refreshNow() is on it
    }
    try {
      if (!closed) {
        refresh();
      }
    } catch (RuntimeException unexpected) {
      LOGGER.error("a refresh of the cluster monitor failed unexpectedly", unexpected);
    } finally {
      refreshing.unlock();
    }
  }

  /** One refresh; the caller holds {@link #refreshing}. */
  private Optional<ClusterObservation> refresh() {
    Attempt attempt = new Attempt(bootstrapServers, settings.timeout());
    Optional<ClusterObservation> observation = clusterRefresh.observe(attempt);
    observation.ifPresent(
        value -> {
          latest = value;
          LOGGER.debug(
              "cluster monitor: refreshed in {} ms, {} topics, {} groups, {} failed parts",
              value.duration().toMillis(),
              value.health().topics().size(),
              value.groups().size(),
              value.failures().size());
        });
    partFailures.finish(attempt, observation.isPresent());
    return observation;
  }
}
