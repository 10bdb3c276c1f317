package io.eventgateway.app.observe;

import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.domain.StreamDefinition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The publish meters of each stream, registered on first use and then found with one map lookup.
 * Only streams the catalogue declares get their own; any other name shares the {@code (unknown)}
 * ones, so a client cannot grow the registry by sending made-up stream names. Thread-safe.
 */
final class PublishMeters {
  private final MeterRegistry registry;
  private final StreamCatalog catalog;
  private final Map<String, StreamMeters> byStream = new ConcurrentHashMap<>();
  private final StreamMeters unknown;

  PublishMeters(MeterRegistry registry, StreamCatalog catalog) {
    this.registry = registry;
    this.catalog = catalog;
    this.unknown = new StreamMeters(registry, MetricNames.UNKNOWN_STREAM, "(unknown)");
  }

  /** The meters of the stream a publisher named. */
  StreamMeters of(String streamName) {
    StreamMeters meters = byStream.get(streamName);
    if (meters != null) {
      return meters;
    }
    return catalog.find(streamName).map(this::of).orElse(unknown);
  }

  /** The publish totals of every declared stream, in the catalogue's order. */
  List<GatewayStatus.StreamStatus> totals() {
    List<GatewayStatus.StreamStatus> totals = new ArrayList<>();
    for (StreamDefinition stream : catalog.all()) {
      StreamMeters meters = of(stream);
      totals.add(
          new GatewayStatus.StreamStatus(
              stream.name(),
              stream.streamClass().label(),
              stream.durability().name().toLowerCase(Locale.ROOT),
              stream.partitions(),
              meters.written(),
              meters.failed(),
              meters.bytes.count(),
              meters.publishDuration.totalTime(TimeUnit.SECONDS),
              meters.publishDuration.count()));
    }
    return totals;
  }

  /** The meters of a declared stream. */
  StreamMeters of(StreamDefinition stream) {
    StreamMeters meters = byStream.get(stream.name());
    return meters != null
        ? meters
        : byStream.computeIfAbsent(
            stream.name(), name -> new StreamMeters(registry, name, stream.streamClass().label()));
  }

  /** One stream's meters. */
  static final class StreamMeters {
    private final MeterRegistry registry;
    private final Tags tags;

    /** Events by outcome, indexed by gRPC status code value; registered when first needed. */
    private final AtomicReferenceArray<Counter> events = new AtomicReferenceArray<>(17);

    final Counter duplicates;
    final Counter bytes;
    final Timer publishDuration;
    final Timer kafkaWriteDuration;

    StreamMeters(MeterRegistry registry, String stream, String streamClass) {
      this.registry = registry;
      this.tags = Tags.of(MetricNames.STREAM, stream, MetricNames.CLASS, streamClass);
      this.duplicates =
          Counter.builder(MetricNames.PUBLISH_DUPLICATES)
              .description(
                  "Resent events answered from the deduplication window, not written again")
              .tags(tags)
              .register(registry);
      this.bytes =
          Counter.builder(MetricNames.PUBLISH_BYTES)
              .description("Data bytes of the events written")
              .baseUnit("bytes")
              .tags(tags)
              .register(registry);
      this.publishDuration =
          Timer.builder(MetricNames.PUBLISH_DURATION)
              .description(
                  "From the gateway taking an event to its outcome handed to gRPC: validation,"
                      + " deduplication and the Kafka write")
              .serviceLevelObjectives(MetricNames.LATENCY_BUCKETS)
              .tags(tags)
              .register(registry);
      this.kafkaWriteDuration =
          Timer.builder(MetricNames.KAFKA_WRITE_DURATION)
              .description(
                  "From handing an event to the Kafka producer to Kafka's acknowledgement, for"
                      + " events written")
              .serviceLevelObjectives(MetricNames.LATENCY_BUCKETS)
              .tags(tags)
              .register(registry);
      // the counter every dashboard starts from is there before the first event
      events(0, "OK");
    }

    /** Events that ended OK: written, or found already written. */
    double written() {
      Counter ok = events.get(0);
      return ok == null ? 0 : ok.count();
    }

    /** Events that ended with any other status. */
    double failed() {
      double failed = 0;
      for (int code = 1; code < events.length(); code++) {
        Counter counter = events.get(code);
        if (counter != null) {
          failed += counter.count();
        }
      }
      return failed;
    }

    /** The counter of events that ended with gRPC status {@code code} ({@code name}). */
    Counter events(int code, String name) {
      Counter counter = events.get(code);
      if (counter == null) {
        counter =
            Counter.builder(MetricNames.PUBLISH_EVENTS)
                .description(
                    "Events published, by outcome: status OK for events written (or found"
                        + " already written), else the gRPC status the publisher got")
                .tags(tags)
                .tag(MetricNames.STATUS, name)
                .register(registry);
        events.set(code, counter);
      }
      return counter;
    }
  }
}
