package io.eventgateway.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks a gateway on this machine whether it is ready for traffic: {@code GET /health/ready} on its
 * HTTP port of 127.0.0.1 answers 200 once it serves gRPC and Kafka answers. Thread-safe.
 */
final class HealthProbe implements ChildProcess.Readiness {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
  private final URI ready;

  HealthProbe(int httpPort) {
    this.ready = URI.create("http://127.0.0.1:" + httpPort + "/health/ready");
  }

  /** True when the gateway answered 200; false when it answered otherwise or not at all. */
  @Override
  public boolean ready() throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(ready).timeout(REQUEST_TIMEOUT).GET().build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    }
  }
}
