package io.eventgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HealthProbeTest {
  @Test
  void readyOnlyWhenHealthReadyAnswers200() throws Exception {
    AtomicInteger status = new AtomicInteger(503);
    AtomicInteger asked = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/health/ready",
        exchange -> {
          asked.incrementAndGet();
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    server.start();
    try {
      HealthProbe probe = new HealthProbe(server.getAddress().getPort());
      assertThat(probe.ready()).isFalse();
      status.set(200);
      assertThat(probe.ready()).isTrue();
      assertThat(asked).hasValue(2);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void notReadyWhileNothingListens() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    assertThat(new HealthProbe(port).ready()).isFalse();
  }
}
