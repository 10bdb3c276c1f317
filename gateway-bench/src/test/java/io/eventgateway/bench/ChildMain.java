package io.eventgateway.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@link ChildJvmsTest} runs as a child JVM, by its first argument: {@code http <port>
 * <refusals>} serves {@code /health/ready} on 127.0.0.1, 503 to the first {@code refusals} requests
 * and 200 after them, printing each answer; {@code exit} prints a line and exits with 3; {@code
 * silent} prints nothing and runs until stopped.
 */
public final class ChildMain {
  private ChildMain() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "http" -> {
        int refusals = Integer.parseInt(args[2]);
        AtomicInteger asked = new AtomicInteger();
        HttpServer server =
            HttpServer.create(
                new InetSocketAddress(
                    InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), Integer.parseInt(args[1])),
                0);
        server.createContext(
            "/health/ready",
            exchange -> {
              int n = asked.incrementAndGet();
              int status = n > refusals ? 200 : 503;
              System.out.println("asked " + n + ": " + status);
              byte[] body = (status == 200 ? "ready" : "starting").getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(status, body.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            });
        server.start();
        new CountDownLatch(1).await();
      }
      case "exit" -> {
        System.out.println("child exits with 3");
        System.exit(3);
      }
      case "silent" -> new CountDownLatch(1).await();
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }
}
