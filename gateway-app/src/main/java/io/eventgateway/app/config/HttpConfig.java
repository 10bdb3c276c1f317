package io.eventgateway.app.config;

/**
 * The {@code http} section: the listener of {@code /metrics}, {@code /health/live}, {@code
 * /health/ready}, {@code /api/status} and the status page at {@code /}.
 */
public record HttpConfig(
    @Setting(value = "true", doc = "whether to serve HTTP at all") boolean enabled,
    @Setting(
            value = "127.0.0.1",
            doc = "address to listen on; `0.0.0.0` for a Prometheus server on another host")
        String host,
    @Setting(value = "9464", min = "0", max = "65535", doc = "port; `0` picks any free port")
        int port) {

  public HttpConfig {
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
  }
}
