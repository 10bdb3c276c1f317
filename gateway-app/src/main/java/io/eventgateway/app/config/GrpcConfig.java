package io.eventgateway.app.config;

import io.eventgateway.grpc.publish.PublisherSettings;

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
        int maxConcurrentCallsPerConnection) {

  /** The default of {@code max-in-flight-bytes-per-call} when the memory budget allows it. */
  static final long DEFAULT_IN_FLIGHT_BYTES_PER_CALL = 32L << 20;

  public GrpcConfig {
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
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
        maxConcurrentCallsPerConnection);
  }

  /** The publisher service's settings. */
  public PublisherSettings toPublisherSettings() {
    return new PublisherSettings(
        maxInFlightPerCall, maxInFlightBytesPerCall, maxInboundMessageBytes);
  }
}
