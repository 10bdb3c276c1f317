package io.eventgateway.grpc;

import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.core.port.in.PublishEventsUseCase;
import io.eventgateway.grpc.publish.PublisherGrpcService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's gRPC server: the publisher service, the standard {@code grpc.health.v1.Health}
 * service and server reflection, on handler threads of its own.
 *
 * <p>Life cycle: {@linkplain #GrpcGateway build}, {@link #start()}, then either {@link
 * #drain(Duration)} (graceful) or {@link #close()} (at once). Health is NOT_SERVING until started
 * and from the start of a drain on.
 *
 * <p>Threading: handlers run on a fixed pool of {@link GrpcGatewaySettings#handlerThreads()}
 * threads named {@code esg-grpc-N}, never on the transport's event loop: publishing may block while
 * the log's buffer is full. The pool's queue is unbounded; what it holds is bounded by gRPC's flow
 * control (a call's messages are delivered only when asked for) and by the calls per connection.
 * The methods of this class are thread-safe.
 */
public final class GrpcGateway implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(GrpcGateway.class);

  /** How long {@link #close()} and a drain that ran out of time wait for cancelled calls. */
  private static final Duration FORCED_STOP_WAIT = Duration.ofSeconds(5);

  private final Server server;
  private final HealthStatusManager health = new HealthStatusManager();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final PublisherGrpcService publisher;
  private final ExecutorService handlers;

  /**
   * A gateway on a Netty server listening on {@link GrpcGatewaySettings#host()}:{@link
   * GrpcGatewaySettings#port()}. This is the production wiring.
   */
  public static GrpcGateway onNetty(GrpcGatewaySettings settings, PublishEventsUseCase publishing) {
    return new GrpcGateway(
        NettyServerBuilder.forAddress(new InetSocketAddress(settings.host(), settings.port())),
        settings,
        publishing);
  }

  /**
   * A gateway on the server {@code serverBuilder} builds, e.g. an in-process one in tests, or a
   * Netty one the caller set up further (TLS). The gateway sets the builder's executor, services
   * and message size limit; on a {@link NettyServerBuilder} also the calls per connection and the
   * keep-alive policy. Its host and port settings are the builder's business.
   */
  public GrpcGateway(
      ServerBuilder<?> serverBuilder,
      GrpcGatewaySettings settings,
      PublishEventsUseCase publishing) {
    Objects.requireNonNull(serverBuilder, "serverBuilder");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(publishing, "publishing");
    this.handlers =
        Executors.newFixedThreadPool(settings.handlerThreads(), new HandlerThreadFactory());
    this.publisher = new PublisherGrpcService(publishing, settings.publisher(), handlers);
    setServing(false);
    serverBuilder
        .executor(handlers)
        .maxInboundMessageSize(settings.maxInboundMessageBytes())
        .addService(publisher)
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance());
    if (serverBuilder instanceof NettyServerBuilder netty) {
      GrpcGatewaySettings.KeepAlive keepAlive = settings.keepAlive();
      netty
          .maxConcurrentCallsPerConnection(settings.maxConcurrentCallsPerConnection())
          .keepAliveTime(keepAlive.time().toNanos(), TimeUnit.NANOSECONDS)
          .keepAliveTimeout(keepAlive.timeout().toNanos(), TimeUnit.NANOSECONDS)
          .permitKeepAliveTime(keepAlive.permitTime().toNanos(), TimeUnit.NANOSECONDS)
          .permitKeepAliveWithoutCalls(keepAlive.permitWithoutCalls());
    }
    this.server = serverBuilder.build();
  }

  /**
   * Binds and starts serving; health turns SERVING.
   *
   * @throws IOException when the address cannot be bound
   */
  public GrpcGateway start() throws IOException {
    server.start();
    setServing(true);
    LOGGER.info("gRPC gateway serving on {}", server.getListenSockets());
    return this;
  }

  /** The port the server listens on (the bound one when configured with 0); -1 when it has none. */
  public int port() {
    return server.getPort();
  }

  /**
   * Sets the health of the gateway (service "") and of {@code eventgateway.v1.PublisherService},
   * e.g. NOT_SERVING while the log cannot be reached. Has no effect once a drain began.
   */
  public void setServing(boolean serving) {
    ServingStatus status = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
    health.setStatus(PublisherServiceGrpc.SERVICE_NAME, status);
  }

  /** The publisher service, e.g. to read its open calls. */
  public PublisherGrpcService publisher() {
    return publisher;
  }

  /**
   * Stops gracefully: health turns NOT_SERVING for good; the server takes no new calls (they fail
   * with UNAVAILABLE); open {@code PublishStream} calls stop taking events, send the responses of
   * the events in flight, then end with UNAVAILABLE "gateway is shutting down; reconnect"; unary
   * calls finish. Calls still open after {@code timeout} are cancelled. Then the handler threads
   * stop.
   *
   * @return whether every call finished within {@code timeout}
   * @throws InterruptedException when interrupted while waiting; the gateway is then stopped at
   *     once
   */
  public boolean drain(Duration timeout) throws InterruptedException {
    stopServing();
    // streams first: once a new call is refused, every open stream has been told
    publisher.shutdownStreams();
    server.shutdown();
    try {
      boolean drained = server.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (!drained) {
        LOGGER.warn(
            "gRPC calls still open after {}; cancelling {} PublishStream calls and the rest",
            timeout,
            publisher.openStreamCalls());
        server.shutdownNow();
        server.awaitTermination(FORCED_STOP_WAIT.toNanos(), TimeUnit.NANOSECONDS);
      }
      stopHandlers();
      return drained;
    } catch (InterruptedException interrupted) {
      server.shutdownNow();
      handlers.shutdownNow();
      throw interrupted;
    }
  }

  /** Blocks until the server has stopped, e.g. the main thread of the application. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Stops at once: open calls are cancelled. For a graceful stop use {@link #drain(Duration)}. */
  @Override
  public void close() {
    stopServing();
    server.shutdownNow();
    try {
      server.awaitTermination(FORCED_STOP_WAIT.toNanos(), TimeUnit.NANOSECONDS);
      stopHandlers();
    } catch (InterruptedException interrupted) {
      handlers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Health NOT_SERVING for good (once: the health service warns when told twice). */
  private void stopServing() {
    if (stopping.compareAndSet(false, true)) {
      health.enterTerminalState();
    }
  }

  private void stopHandlers() throws InterruptedException {
    handlers.shutdown();
    if (!handlers.awaitTermination(FORCED_STOP_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
      LOGGER.warn("gRPC handler threads still busy after {}; interrupting them", FORCED_STOP_WAIT);
      handlers.shutdownNow();
    }
  }

  /** Names the handler threads {@code esg-grpc-1}, {@code esg-grpc-2}, ... */
  private static final class HandlerThreadFactory implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "esg-grpc-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
