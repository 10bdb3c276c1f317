package io.eventgateway.app.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * Every metric name and tag the gateway defines, in Micrometer's dotted form; Prometheus sees them
 * with underscores, the base unit and {@code _total} on counters ({@code esg.publish.events} is
 * {@code esg_publish_events_total}). {@code docs/observability.md} ("Metrics") says what each one
 * means.
 */
public final class MetricNames {
  // publishing, per event
  public static final String PUBLISH_EVENTS = "esg.publish.events";
  public static final String PUBLISH_DUPLICATES = "esg.publish.duplicates";
  public static final String PUBLISH_BYTES = "esg.publish.bytes";
  public static final String PUBLISH_DURATION = "esg.publish.duration";
  public static final String KAFKA_WRITE_DURATION = "esg.kafka.write.duration";
  public static final String PUBLISH_IN_FLIGHT = "esg.publish.in.flight";

  // the memory budget
  public static final String MEMORY_BUDGET = "esg.memory.budget";
  public static final String MEMORY_BUDGET_USED = "esg.memory.budget.used";

  // subscribing
  public static final String SUBSCRIPTIONS_ACTIVE = "esg.subscriptions.active";
  public static final String SUBSCRIBE_DELIVERIES = "esg.subscribe.deliveries";
  public static final String SUBSCRIBE_ACKNOWLEDGEMENTS = "esg.subscribe.acknowledgements";

  // the HTTP/2 edge and Netty's direct memory
  public static final String GRPC_CONNECTIONS_OPEN = "esg.grpc.connections.open";
  public static final String GRPC_EDGE_REFUSALS = "esg.grpc.edge.refusals";
  public static final String GRPC_UNFINISHED = "esg.grpc.unfinished.messages";
  public static final String NETTY_DIRECT_MEMORY_USED = "esg.netty.direct.memory.used";
  public static final String NETTY_DIRECT_MEMORY_MAX = "esg.netty.direct.memory.max";

  // the gateway's own health
  public static final String KAFKA_REACHABLE = "esg.kafka.reachable";
  public static final String STREAMS_RECONCILED = "esg.streams.reconciled";
  public static final String READY = "esg.ready";
  public static final String BUILD_INFO = "esg.build.info";

  // the cluster, as the cluster monitor last observed it
  public static final String BROKERS_ONLINE = "esg.kafka.brokers.online";
  public static final String BROKERS_EXPECTED = "esg.kafka.brokers.expected";
  public static final String QUORUM_HAS_LEADER = "esg.kafka.controller.quorum.has.leader";
  public static final String QUORUM_LEADER_ID = "esg.kafka.controller.quorum.leader.id";
  public static final String QUORUM_VOTERS = "esg.kafka.controller.quorum.voters";
  public static final String QUORUM_LAG = "esg.kafka.controller.quorum.lag";
  public static final String PARTITIONS = "esg.kafka.partitions";
  public static final String UNDER_REPLICATED = "esg.kafka.partitions.under.replicated";
  public static final String OFFLINE = "esg.kafka.partitions.offline";
  public static final String UNDER_MIN_ISR = "esg.kafka.partitions.under.min.isr";
  public static final String LOG_DIR_SIZE = "esg.kafka.log.dir.size";
  public static final String LOG_DIR_TOTAL = "esg.kafka.log.dir.total";
  public static final String LOG_DIR_USABLE = "esg.kafka.log.dir.usable";
  public static final String PARTITION_END_OFFSET = "esg.kafka.partition.end.offset";
  public static final String GROUP_LAG = "esg.consumer.group.lag";
  public static final String GROUP_TIME_LAG = "esg.consumer.group.lag.seconds";
  public static final String GROUP_COMMITTED = "esg.consumer.group.committed.offset";
  public static final String GROUP_MEMBERS = "esg.consumer.group.members";
  public static final String LAST_SUCCESS = "esg.cluster.monitor.last.success.timestamp";
  public static final String REFRESH_DURATION = "esg.cluster.monitor.refresh.duration";

  // tags
  public static final String STREAM = "stream";
  public static final String CLASS = "class";
  public static final String STATUS = "status";
  public static final String GROUP = "group";
  public static final String VERSION = "version";
  public static final String LIMIT = "limit";

  /** The stream tag of an event whose stream is not declared (or not a valid name). */
  public static final String UNKNOWN_STREAM = "(unknown)";

  /**
   * The buckets of the publish latency histograms, in seconds: from 0.5 ms (an event acknowledged
   * by a local broker) to 30 s (the default delivery timeout).
   */
  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(1).dividedBy(2),
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  private MetricNames() {}

  /**
   * Meters from libraries that break Prometheus's naming rules ({@code promtool check metrics}) or
   * say nothing useful here: Kafka's nanosecond totals ({@code *_time_ns_total}, kept as ratios and
   * averages), per-broker producer metrics (a series per broker and client), transaction timings
   * (the gateway uses no transactions), the client's start time, and the process CPU time in
   * nanoseconds ({@code process_cpu_usage} says the same).
   */
  static boolean dropped(Meter.Id id) {
    String name = id.getName();
    return name.contains(".time.ns")
        || name.startsWith("kafka.producer.node.")
        || name.startsWith("kafka.producer.txn.")
        || name.startsWith("kafka.app.info.")
        || name.equals("process.cpu.time");
  }

  /** Gauges named like a histogram's {@code _count}, which Prometheus would misread. */
  private static final MeterFilter RENAMED =
      new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
          return switch (id.getName()) {
            case "kafka.producer.connection.count" -> id.withName("kafka.producer.connections");
            case "system.cpu.count" -> id.withName("system.cpus");
            default -> id;
          };
        }
      };

  /**
   * A Prometheus registry with the JVM's and the process's metrics bound (memory, GC, threads,
   * class loading, CPU, uptime, open files) and {@code esg_build_info{version}}.
   */
  public static PrometheusMeterRegistry newRegistry(String version) {
    JvmGcMetrics gc = new JvmGcMetrics();
    PrometheusMeterRegistry registry = new ClosingGcMetrics(gc);
    registry.config().meterFilter(MeterFilter.deny(MetricNames::dropped)).meterFilter(RENAMED);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    Gauge.builder(BUILD_INFO, () -> 1)
        .description("The gateway's version; always 1")
        .tag(VERSION, version)
        .register(registry);
    return registry;
  }

  /** A registry that stops listening to GC notifications when closed. */
  private static final class ClosingGcMetrics extends PrometheusMeterRegistry {
    private final JvmGcMetrics gc;

    ClosingGcMetrics(JvmGcMetrics gc) {
      super(PrometheusConfig.DEFAULT);
      this.gc = gc;
    }

    @Override
    public void close() {
      gc.close();
      super.close();
    }
  }

  /** Registers a 1/0 gauge. */
  static void flag(MeterRegistry registry, String name, String description, Flag flag) {
    Gauge.builder(name, () -> flag.up() ? 1 : 0).description(description).register(registry);
  }

  /** A condition read at each scrape. */
  @FunctionalInterface
  interface Flag {
    boolean up();
  }
}
