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

  public GrpcConfig {
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
  }
}
