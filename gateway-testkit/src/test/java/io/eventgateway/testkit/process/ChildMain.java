package io.eventgateway.testkit.process;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@link JvmProcessTest} runs as a child JVM. The first argument says how it behaves:
 *
 * <ul>
 *   <li>{@code ready}: prints {@value #READY} and the value of {@code CHILD_GREETING}, then runs
 *       until stopped; on SIGTERM it prints {@value #STOPPING}
 *   <li>{@code http <port> <refusals>}: serves {@code /health/ready} on 127.0.0.1, answering 503 to
 *       the first {@code refusals} requests and 200 after them
 *   <li>{@code exit <status>}: prints a line and exits with {@code status}
 *   <li>{@code stubborn}: prints {@value #READY}; its shutdown hook never ends, so only SIGKILL
 *       stops it
 *   <li>{@code silent}: prints nothing and runs until stopped
 *   <li>{@code parent <directory>}: starts a {@code silent} child of its own that {@linkplain
 *       JvmCommand.Builder#diesWithParent dies with it}, prints {@value #GRANDCHILD} and its pid,
 *       and runs until stopped
 * </ul>
 */
public final class ChildMain {
  static final String READY = "child ready";
  static final String STOPPING = "child stopping";
  static final String GRANDCHILD = "grandchild pid ";

  private ChildMain() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "ready" -> {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(STOPPING)));
        System.out.println(READY + " " + System.getenv("CHILD_GREETING"));
        runForever();
      }
      case "http" -> {
        serveReadiness(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        runForever();
      }
      case "exit" -> {
        System.out.println("child exits with " + args[1]);
        System.exit(Integer.parseInt(args[1]));
      }
      case "stubborn" -> {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildMain::runForeverQuietly));
        System.out.println(READY);
        runForever();
      }
      case "silent" -> runForever();
      case "parent" -> {
        JvmProcess grandchild =
            JvmProcess.of(
                "grandchild",
                JvmCommand.mainClass(ChildMain.class)
                    .jvmOptions("-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
                    .arguments("silent")
                    .diesWithParent()
                    .build(),
                java.nio.file.Path.of(args[1], "grandchild.log"));
        grandchild.start();
        System.out.println(GRANDCHILD + grandchild.pid());
        runForever();
      }
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static void serveReadiness(int port, int refusals) throws IOException {
    AtomicInteger asked = new AtomicInteger();
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 0);
    server.createContext(
        "/health/ready",
        exchange -> {
          boolean ready = asked.incrementAndGet() > refusals;
          byte[] body = (ready ? "ready" : "starting").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(ready ? 200 : 503, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  private static void runForever() throws InterruptedException {
    new CountDownLatch(1).await();
  }

  private static void runForeverQuietly() {
    try {
      runForever();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
