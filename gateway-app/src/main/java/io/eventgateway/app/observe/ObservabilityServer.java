package io.eventgateway.app.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP endpoint for operators (default 127.0.0.1:9464), on the JDK's HTTP server:
 *
 * <ul>
 *   <li>{@code GET /metrics}: every metric in the Prometheus text format (OpenMetrics when the
 *       scraper asks for it in {@code Accept});
 *   <li>{@code GET /health/live}: 200 while the process serves HTTP at all;
 *   <li>{@code GET /health/ready}: 200 when {@link Readiness#ready()}, else 503 with the reasons,
 *       both as JSON;
 *   <li>{@code GET /api/status}: the {@link GatewayStatus} as JSON;
 *   <li>{@code GET /}: the status page, which reads {@code /api/status} (see {@link
 *       StatusPageFiles}).
 * </ul>
 *
 * <p>Two threads of its own serve the requests, so a slow scraper never holds up gRPC. Only GET and
 * HEAD are answered (405 otherwise).
 */
public final class ObservabilityServer implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(ObservabilityServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String OPEN_METRICS_TEXT =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  /**
   * Most HTTP connections open at once ({@code jdk.httpserver.maxConnections}; the JDK's default is
   * no limit): the JDK's server accepts more and closes them at once. A scraper, a load balancer's
   * probe and a few status pages need far fewer.
   */
  static final int MAX_CONNECTIONS = 64;

  /**
   * Seconds a client may take to send a request ({@code sun.net.httpserver.maxReqTime}; the JDK's
   * default is no limit), so that a slow client cannot hold a connection.
   */
  static final int MAX_REQUEST_SECONDS = 10;

  private final HttpServer server;
  private final ExecutorService executor;

  /**
   * Sets the JDK server's connection limits unless the JVM was started with them (they are read
   * once, when the JVM's first server is created).
   */
  private static void limitConnections() {
    if (System.getProperty("jdk.httpserver.maxConnections") == null) {
      System.setProperty("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
    }
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS));
    }
  }

  private ObservabilityServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds {@code host:port} (0: any free port) and serves.
   *
   * @throws IOException when the address cannot be bound
   */
  public static ObservabilityServer start(
      String host,
      int port,
      PrometheusMeterRegistry registry,
      Runnable beforeScrape,
      Readiness readiness,
      Supplier<GatewayStatus> status)
      throws IOException {
    limitConnections();
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "esg-http-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext(
        "/metrics",
        getOnly(
            exchange -> {
              beforeScrape.run();
              metrics(exchange, registry);
            }));
    server.createContext(
        "/health/live", getOnly(exchange -> json(exchange, 200, Map.of("status", "UP"))));
    server.createContext("/health/ready", getOnly(exchange -> ready(exchange, readiness)));
    server.createContext("/api/status", getOnly(exchange -> json(exchange, 200, status.get())));
    StatusPageFiles files = StatusPageFiles.load();
    server.createContext("/", getOnly(exchange -> staticFile(exchange, files)));
    server.start();
    return new ObservabilityServer(server, executor);
  }

  /** The port it listens on (the bound one when asked for 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void metrics(HttpExchange exchange, PrometheusMeterRegistry registry)
      throws IOException {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    String contentType =
        accept != null && accept.contains("application/openmetrics-text")
            ? OPEN_METRICS_TEXT
            : PROMETHEUS_TEXT;
    ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
    registry.scrape(body, contentType);
    send(exchange, 200, contentType, body.toByteArray());
  }

  private static void staticFile(HttpExchange exchange, StatusPageFiles files) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Optional<StatusPageFiles.File> file = files.get(path);
    if (file.isEmpty()) {
      text(exchange, 404, "not found: " + path);
      return;
    }
    exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    send(exchange, 200, file.get().contentType(), file.get().content());
  }

  private static void ready(HttpExchange exchange, Readiness readiness) throws IOException {
    List<String> problems = readiness.problems();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", problems.isEmpty() ? "READY" : "NOT_READY");
    body.put("kafkaReachable", readiness.kafkaReachable());
    body.put("streamsReconciled", readiness.streamsAreReconciled());
    body.put("problems", problems);
    json(exchange, problems.isEmpty() ? 200 : 503, body);
  }

  private static void json(HttpExchange exchange, int status, Object body) throws IOException {
    send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
  }

  private static void text(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  /** A handler that answers GET and HEAD, 405 for other methods, 500 when it fails. */
  private static HttpHandler getOnly(HttpHandler handler) {
    return exchange -> {
      try {
        String method = exchange.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
          exchange.getResponseHeaders().set("Allow", "GET, HEAD");
          text(exchange, 405, "method " + method + " not allowed; use GET");
          return;
        }
        handler.handle(exchange);
      } catch (IOException | RuntimeException failed) {
        LOGGER.warn(
            "HTTP {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), failed);
        exchange.close();
      }
    };
  }
}
