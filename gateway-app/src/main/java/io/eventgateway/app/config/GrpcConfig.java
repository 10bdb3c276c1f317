package io.eventgateway.app.config;

import io.eventgateway.grpc.edge.EdgeSettings;
import io.eventgateway.grpc.publish.PublisherSettings;
import java.time.Duration;

/** The {@code grpc} section: the gRPC listener. */
public record GrpcConfig(
    @Setting(
            value = "127.0.0.1",
            doc = "address to listen on; `0.0.0.0` listens on every interface")
        String host,
    @Setting(value = "50051", min = "0", max = "65535", doc = "port; `0` picks any free port")
        int port,
    @Setting(
            value = "1024",
            min = "1",
            max = "" + PublisherSettings.LIMIT_MAX_IN_FLIGHT,
            doc =
                "most events one `PublishStream` call may have between their receipt and the"
                    + " hand-over of their responses to gRPC; the gateway reads more events from"
                    + " the call only below it")
        int maxInFlightPerCall,
    @Setting(
            derived = "32 MiB (33554432), or `memory.max-bytes` when that is less",
            min = "1",
            doc =
                "most bytes one `PublishStream` call may hold: its events not yet written, plus"
                    + " `max-inbound-message-bytes` for each event it asked for; at least"
                    + " `max-inbound-message-bytes`")
        Long maxInFlightBytesPerCall,
    @Setting(
            value = "8388608",
            min = "1",
            doc =
                "largest request message in bytes, a whole `PublishBatch` included; must be"
                    + " greater than `limits.max-data-bytes`")
        int maxInboundMessageBytes,
    @Setting(
            value = "128",
            min = "1",
            doc =
                "most calls open at once on one HTTP/2 connection; a client that needs more opens"
                    + " more connections")
        int maxConcurrentCallsPerConnection,
    @Setting(
            value = "1000",
            min = "1",
            doc =
                "most gRPC connections open at once; one more is closed before HTTP/2 starts (see"
                    + " docs/reliability.md for the memory each may hold)")
        int maxConnections,
    @Setting(
            value = "100",
            min = "1",
            doc =
                "most gRPC connections open at once from one client IP address (a fleet behind"
                    + " one NAT address shares it)")
        int maxConnectionsPerAddress,
    @Setting(
            value = "16384",
            min = "1",
            max = "" + (Integer.MAX_VALUE / EdgeSettings.HARD_METADATA_FACTOR),
            doc =
                "largest request metadata in bytes (name, value and 32 bytes per entry, as HTTP/2"
                    + " counts); a call over it ends with RESOURCE_EXHAUSTED, its connection lives")
        int maxMetadataBytes,
    @Setting(
            value = "20s",
            min = "1ms",
            doc =
                "longest time a request message may take from its first byte to its last; a call"
                    + " over it ends with DEADLINE_EXCEEDED")
        Duration unfinishedMessageTimeout,
    @Setting(
            value = "16777216",
            min = "1",
            doc =
                "most bytes the partly received request messages of one connection may hold; a"
                    + " call that would pass it ends with RESOURCE_EXHAUSTED; at least"
                    + " `grpc.max-inbound-message-bytes` + 5")
        long maxUnfinishedBytesPerConnection,
    @Setting(
            derived =
                "an eighth of the JVM's maximum heap, at least `grpc.max-unfinished-bytes-per-connection`",
            min = "1",
            doc =
                "most bytes partly received request messages may hold on all connections"
                    + " together; a call that would pass it ends with RESOURCE_EXHAUSTED")
        Long maxUnfinishedBytes,
    @Setting(
            value = "1048576",
            min = "65535",
            max = "" + Integer.MAX_VALUE,
            doc =
                "HTTP/2 flow-control window of each stream and each connection, in bytes (fixed;"
                    + " gRPC's automatic tuning is off)")
        int flowControlWindowBytes) {

  /** The default of {@code max-in-flight-bytes-per-call} when the memory budget allows it. */
  static final long DEFAULT_IN_FLIGHT_BYTES_PER_CALL = 32L << 20;

  public GrpcConfig {
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (maxUnfinishedBytes == null) {
      maxUnfinishedBytes =
          Math.max(Runtime.getRuntime().maxMemory() / 8, maxUnfinishedBytesPerConnection);
    }
    if (maxUnfinishedBytesPerConnection < (long) maxInboundMessageBytes + 5) {
      throw new IllegalArgumentException(
          "grpc.max-unfinished-bytes-per-connection ("
              + maxUnfinishedBytesPerConnection
              + ") must be at least grpc.max-inbound-message-bytes ("
              + maxInboundMessageBytes
              + ") + 5");
    }
    if (maxUnfinishedBytes < maxUnfinishedBytesPerConnection) {
      throw new IllegalArgumentException(
          "grpc.max-unfinished-bytes ("
              + maxUnfinishedBytes
              + ") must be at least grpc.max-unfinished-bytes-per-connection ("
              + maxUnfinishedBytesPerConnection
              + ")");
    }
  }

  /** The edge's limits, as the gRPC adapter takes them. */
  public EdgeSettings toEdgeSettings() {
    return new EdgeSettings(
        maxConnections,
        maxConnectionsPerAddress,
        maxMetadataBytes,
        unfinishedMessageTimeout,
        maxUnfinishedBytesPerConnection,
        maxUnfinishedBytes,
        flowControlWindowBytes);
  }

  /** This section with {@code max-in-flight-bytes-per-call} resolved within {@code memory}. */
  GrpcConfig within(MemoryConfig memory) {
    long perCall =
        maxInFlightBytesPerCall != null
            ? maxInFlightBytesPerCall
            : Math.min(DEFAULT_IN_FLIGHT_BYTES_PER_CALL, memory.maxBytes());
    return new GrpcConfig(
        host,
        port,
        maxInFlightPerCall,
        perCall,
        maxInboundMessageBytes,
        maxConcurrentCallsPerConnection,
        maxConnections,
        maxConnectionsPerAddress,
        maxMetadataBytes,
        unfinishedMessageTimeout,
        maxUnfinishedBytesPerConnection,
        maxUnfinishedBytes,
        flowControlWindowBytes);
  }

  /** The publisher service's settings. */
  public PublisherSettings toPublisherSettings() {
    return new PublisherSettings(
        maxInFlightPerCall, maxInFlightBytesPerCall, maxInboundMessageBytes);
  }
}
