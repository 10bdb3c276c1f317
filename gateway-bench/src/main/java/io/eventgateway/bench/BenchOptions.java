package io.eventgateway.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The options of {@code esg bench} (a picocli mixin of {@link BenchCommand}) and what follows from
 * them alone: the per-API in-flight defaults, their validation and the summary's description line.
 * Filled in by picocli before the run, read-only after it.
 */
final class BenchOptions {
  enum Api {
    STREAM,
    BATCH,
    UNARY
  }

  enum StreamClass {
    STANDARD,
    CRITICAL
  }

  enum Order {
    DIRECT_FIRST,
    GATEWAY_FIRST
  }

  @Option(
      names = "--api",
      defaultValue = "stream",
      description = "Gateway API to drive: stream (PublishStream), batch, unary (default stream).")
  Api api;

  @Option(
      names = "--class",
      defaultValue = "standard",
      description = "Durability of the bench stream: standard or critical (default standard).")
  StreamClass streamClass;

  @Option(
      names = "--event-size",
      defaultValue = "1024",
      description = "Bytes of data per event (default ${DEFAULT-VALUE}).")
  int eventSize;

  @Option(
      names = "--subjects",
      defaultValue = "1000",
      description = "Distinct subjects (Kafka keys) (default ${DEFAULT-VALUE}).")
  int subjects;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description =
          "Target events/s per side; 0 = open loop, as fast as the in-flight window allows"
              + " (default 0). At a fixed rate latency is corrected for coordinated omission.")
  double rate;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Measured time per side (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--warmup",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Load before the measured window, excluded from the figures (default 5s).")
  Duration warmup;

  @Option(
      names = "--heap-every",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "Also sample the gateway's heap after a full GC this often during the measured window"
              + " (each sample forces a full GC), to see whether it grows; 0 = only at the end"
              + " (default 0s).")
  Duration heapEvery;

  @Option(
      names = "--connections",
      defaultValue = "2",
      description = "gRPC channels (HTTP/2 connections) to the gateway (default 2).")
  int connections;

  @Option(
      names = "--streams",
      defaultValue = "4",
      description = "Concurrent PublishStream calls, --api stream (default 4).")
  int streams;

  @Option(
      names = "--in-flight",
      description =
          "stream: events unacknowledged per stream (default 500); batch: concurrent calls"
              + " (default 8); unary: concurrent calls (default 200).")
  Integer inFlight;

  @Option(
      names = "--batch-size",
      defaultValue = "100",
      description = "Events per PublishBatch call (default 100).")
  int batchSize;

  @Option(
      names = "--partitions",
      defaultValue = "3",
      description = "Partitions of the bench topics (default 3).")
  int partitions;

  @Option(
      names = "--replication-factor",
      defaultValue = "1",
      description = "Replication factor of the bench topics (default 1).")
  int replicationFactor;

  @Option(
      names = "--bootstrap-servers",
      description = "Use this Kafka cluster instead of starting a broker.")
  String bootstrapServers;

  @Option(
      names = "--target",
      description =
          "Drive this running gateway (host:port) instead of starting one; needs --stream and"
              + " --bootstrap-servers (its cluster). Its CPU and heap are then not measured.")
  String target;

  @Option(
      names = "--stream",
      description = "With --target: the declared stream to publish to (its class must match).")
  String stream;

  @Option(
      names = "--order",
      defaultValue = "direct-first",
      converter = OrderConverter.class,
      description = "direct-first (default) or gateway-first.")
  Order order;

  @Option(
      names = "--gateway-jar",
      description = "The gateway to start (default gateway-app/target/esg.jar of this checkout).")
  Path gatewayJar;

  @Option(
      names = "--gateway-java-opts",
      defaultValue = "-Xmx1g",
      description =
          "JVM options of the gateway process (default ${DEFAULT-VALUE}), e.g. add"
              + " -XX:StartFlightRecording=filename=gw.jfr,settings=profile.")
  String gatewayJavaOpts;

  @Option(
      names = "--broker-java-opts",
      defaultValue = "-Xmx1g",
      description = "JVM options of the broker process (default ${DEFAULT-VALUE}).")
  String brokerJavaOpts;

  @Option(
      names = "--dedup-window",
      description =
          "The gateway's dedup.window, applied to the bench's stream whatever its class"
              + " (dedup.standard-streams: true), e.g. 5m, or 0s for none (default: the gateway's"
              + " default, critical streams only). The bench's events have unique ids, so this"
              + " measures what the window costs, never a duplicate.")
  String dedupWindow;

  @Option(names = "--json", description = "Also write the summary as JSON to this file.")
  Path json;

  /** Events in flight per stream or calls in flight, with the per-API default. */
  int inFlight() {
    if (inFlight != null) {
      return inFlight;
    }
    return switch (api) {
      case STREAM -> 500;
      case BATCH -> 8;
      case UNARY -> 200;
    };
  }

  /** The events the gateway side keeps unacknowledged at most; the direct side gets the same. */
  int outstandingEvents() {
    return switch (api) {
      case STREAM -> streams * inFlight();
      case BATCH -> inFlight() * batchSize;
      case UNARY -> inFlight();
    };
  }

  /** The replicas a write needs on the bench topics: 2 from a replication factor of 3. */
  int minInsyncReplicas() {
    return replicationFactor >= 3 ? 2 : 1;
  }

  /** Checks the options; returns a message for the first bad one, or null. */
  String validate() {
    if (eventSize < 0 || subjects < 1 || connections < 1 || streams < 1 || inFlight() < 1) {
      return "--event-size must be >= 0; --subjects, --connections, --streams, --in-flight >= 1";
    }
    if (batchSize < 1 || partitions < 1 || replicationFactor < 1 || rate < 0) {
      return "--batch-size, --partitions, --replication-factor must be >= 1; --rate >= 0";
    }
    if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
      return "--duration must be positive and --warmup not negative";
    }
    if (heapEvery.isNegative()) {
      return "--heap-every must not be negative";
    }
    if (target != null && (stream == null || bootstrapServers == null)) {
      return "--target needs --stream (a declared stream of the class chosen with --class) and"
          + " --bootstrap-servers (the gateway's Kafka cluster, for the direct producer)";
    }
    return null;
  }

  /** The description line of the summary. */
  String description() {
    return String.format(
        Locale.ROOT,
        "esg bench: api %s, class %s, %d-byte events, %d subjects, %s, %s measured after %s"
            + " warm-up, %s",
        api.name().toLowerCase(Locale.ROOT),
        streamClass.name().toLowerCase(Locale.ROOT),
        eventSize,
        subjects,
        rate == 0 ? "open loop" : String.format(Locale.ROOT, "fixed rate %.0f events/s", rate),
        seconds(duration),
        seconds(warmup),
        switch (api) {
          case STREAM ->
              String.format(
                  Locale.ROOT,
                  "%d streams x %d in flight over %d connections",
                  streams,
                  inFlight(),
                  connections);
          case BATCH ->
              String.format(
                  Locale.ROOT,
                  "%d calls of %d events in flight over %d connections",
                  inFlight(),
                  batchSize,
                  connections);
          case UNARY ->
              String.format(
                  Locale.ROOT, "%d calls in flight over %d connections", inFlight(), connections);
        });
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  /** {@code direct-first} or {@code gateway-first}. */
  static final class OrderConverter implements ITypeConverter<Order> {
    @Override
    public Order convert(String value) {
      return Order.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }
}
