package io.eventgateway.grpc;

import io.eventgateway.api.v1.AdminServiceGrpc;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.api.v1.SubscriberServiceGrpc;
import io.eventgateway.core.port.MemoryBudget;
import io.eventgateway.core.port.in.PublishEventsUseCase;
import io.eventgateway.grpc.admin.AdminGrpcService;
import io.eventgateway.grpc.edge.EdgeCounters;
import io.eventgateway.grpc.edge.EdgeNegotiator;
import io.eventgateway.grpc.edge.EdgeSettings;
import io.eventgateway.grpc.publish.PublisherGrpcService;
import io.eventgateway.grpc.subscribe.SubscriberGrpcService;
import io.eventgateway.grpc.tracking.RequestIds;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's gRPC server: the publisher, subscriber and admin services, the standard {@code
 * grpc.health.v1.Health} service and server reflection, on handler threads of its own.
 *
 * <p>Built from {@link UseCases}, the core's use cases ({@link #onNetty(GrpcServerSettings,
 * UseCases, MemoryBudget)} in production). The factory and constructor that take a {@link
 * PublishEventsUseCase} alone build a server that offers only the publisher service (the others
 * answer UNIMPLEMENTED), for applications that do not subscribe.
 *
 * <p>Every call of the gateway's own services gets a request id ({@link RequestIds}): the client's
 * {@code x-request-id} header or a new one, sent back in the response headers, in the MDC under
 * {@code request_id} while the call's callbacks run, and in the {@code google.rpc.ErrorInfo} of its
 * failures.
 *
 * <p>Life cycle: {@linkplain #GrpcServer build}, {@link #start()}, then either {@link
 * #drain(Duration)} (graceful) or {@link #close()} (at once). Health is NOT_SERVING until started
 * and from the start of a drain on.
 *
 * <p>Threading: handlers run on a fixed pool of {@link GrpcServerSettings#handlerThreads()} threads
 * of its own, never on the transport's event loop ({@linkplain io.eventgateway.grpc the package}
 * says why and what bounds the pool's queue). The methods of this class are thread-safe.
 */
public final class GrpcServer implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(GrpcServer.class);

  /** How long {@link #close()} and a drain that ran out of time wait for cancelled calls. */
  private static final Duration FORCED_STOP_WAIT = Duration.ofSeconds(5);

  private static final RequestIds REQUEST_IDS = new RequestIds();

  private final Server server;
  private final HealthStatusManager health = new HealthStatusManager();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final PublisherGrpcService publisher;

  /** Empty on a publisher-only server. */
  private final Optional<SubscriberGrpcService> subscriber;

  /** The names of the services whose health {@link #setServing(boolean)} sets. */
  private final List<String> serviceNames;

  private final ExecutorService handlers;

  private final EdgeCounters edge = new EdgeCounters();

  /**
   * A server on Netty listening on {@link GrpcServerSettings#host()}:{@link
   * GrpcServerSettings#port()}, offering every service. This is the production wiring.
   */
  public static GrpcServer onNetty(
      GrpcServerSettings settings, UseCases services, MemoryBudget budget) {
    return new GrpcServer(
        netty(settings),
        settings,
        Objects.requireNonNull(services, "services").publishing(),
        Optional.of(services),
        budget,
        true);
  }

  /**
   * As {@link #onNetty(GrpcServerSettings, UseCases, MemoryBudget)}, with {@code interceptors}
   * around every call of every service (metrics, for one); the first one sees a call first.
   */
  public static GrpcServer onNetty(
      GrpcServerSettings settings,
      UseCases services,
      List<? extends ServerInterceptor> interceptors,
      MemoryBudget budget) {
    NettyServerBuilder builder = netty(settings);
    // ServerBuilder.intercept: the last one added runs first
    for (int i = interceptors.size() - 1; i >= 0; i--) {
      builder.intercept(interceptors.get(i));
    }
    return new GrpcServer(
        builder,
        settings,
        Objects.requireNonNull(services, "services").publishing(),
        Optional.of(services),
        budget,
        true);
  }

  /**
   * A server on Netty that offers only the publisher service; see {@link
   * #onNetty(GrpcServerSettings, UseCases, MemoryBudget)} for every service.
   */
  public static GrpcServer onNetty(
      GrpcServerSettings settings, PublishEventsUseCase publishing, MemoryBudget budget) {
    return new GrpcServer(netty(settings), settings, publishing, Optional.empty(), budget, true);
  }

  /**
   * A server offering every service, built by {@code serverBuilder}, e.g. an in-process one in
   * tests, or a Netty one the caller set up further (TLS). This class sets the builder's executor,
   * services and message size limit; on a {@link NettyServerBuilder} also the calls per connection,
   * the keep-alive policy, the flow-control window and Netty's metadata limit. Its host and port
   * settings and its protocol negotiator are the builder's business: the limits on connections,
   * metadata and unfinished messages need an {@link EdgeNegotiator} around it (the {@code onNetty}
   * factories put one around the plaintext negotiator). Publish calls hold the bytes of their
   * events in {@code budget}, the gateway's memory budget.
   */
  public GrpcServer(
      ServerBuilder<?> serverBuilder,
      GrpcServerSettings settings,
      UseCases services,
      MemoryBudget budget) {
    this(
        serverBuilder,
        settings,
        Objects.requireNonNull(services, "services").publishing(),
        Optional.of(services),
        budget,
        false);
  }

  /**
   * A server offering only the publisher service, built by {@code serverBuilder}; see {@link
   * #GrpcServer(ServerBuilder, GrpcServerSettings, UseCases, MemoryBudget)}.
   */
  public GrpcServer(
      ServerBuilder<?> serverBuilder,
      GrpcServerSettings settings,
      PublishEventsUseCase publishing,
      MemoryBudget budget) {
    this(serverBuilder, settings, publishing, Optional.empty(), budget, false);
  }

  private GrpcServer(
      ServerBuilder<?> serverBuilder,
      GrpcServerSettings settings,
      PublishEventsUseCase publishing,
      Optional<UseCases> services,
      MemoryBudget budget,
      boolean plaintextEdge) {
    Objects.requireNonNull(serverBuilder, "serverBuilder");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(publishing, "publishing");
    this.handlers =
        Executors.newFixedThreadPool(settings.handlerThreads(), new HandlerThreadFactory());
    this.publisher = new PublisherGrpcService(publishing, settings.publisher(), budget);
    this.subscriber =
        services.map(s -> new SubscriberGrpcService(s.subscribing(), settings.subscriber()));
    this.serviceNames =
        services.isPresent()
            ? List.of(
                PublisherServiceGrpc.SERVICE_NAME,
                SubscriberServiceGrpc.SERVICE_NAME,
                AdminServiceGrpc.SERVICE_NAME)
            : List.of(PublisherServiceGrpc.SERVICE_NAME);
    setServing(false);
    serverBuilder
        .executor(handlers)
        .maxInboundMessageSize(settings.maxInboundMessageBytes())
        .addService(gatewayService(publisher.bindService()))
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance());
    subscriber.ifPresent(s -> serverBuilder.addService(gatewayService(s.limitedService())));
    services.ifPresent(
        s ->
            serverBuilder.addService(
                gatewayService(new AdminGrpcService(s.streams(), s.groups()).bindService())));
    if (serverBuilder instanceof NettyServerBuilder netty) {
      GrpcServerSettings.KeepAlive keepAlive = settings.keepAlive();
      netty
          .maxConcurrentCallsPerConnection(settings.maxConcurrentCallsPerConnection())
          .keepAliveTime(keepAlive.time().toNanos(), TimeUnit.NANOSECONDS)
          .keepAliveTimeout(keepAlive.timeout().toNanos(), TimeUnit.NANOSECONDS)
          .permitKeepAliveTime(keepAlive.permitTime().toNanos(), TimeUnit.NANOSECONDS)
          .permitKeepAliveWithoutCalls(keepAlive.permitWithoutCalls());
      EdgeSettings limits = settings.edge();
      netty
          // a fixed window (no automatic tuning): part of the bound on what a connection holds
          .flowControlWindow(limits.flowControlWindowBytes())
          // the gateway refuses metadata over its limit itself, with a status naming it; Netty's
          // hard limit (and the one advertised to clients) is above it
          .maxInboundMetadataSize(limits.hardMetadataBytes());
      if (plaintextEdge) {
        // @Internal: grpc-java has no public hook that can refuse a connection or see DATA
        // before its deframer buffers it (EdgeNegotiator says more)
        netty.protocolNegotiator(
            new EdgeNegotiator(InternalProtocolNegotiators.serverPlaintext(), limits, edge));
      }
    }
    this.server = serverBuilder.build();
  }

  /**
   * One of the gateway's own services as it is served: its requests parsed by {@link
   * RequestParsing}, every call with a {@linkplain RequestIds request id} (also while a request is
   * parsed).
   */
  private static ServerServiceDefinition gatewayService(ServerServiceDefinition service) {
    return ServerInterceptors.intercept(RequestParsing.guard(service), REQUEST_IDS);
  }

  private static NettyServerBuilder netty(GrpcServerSettings settings) {
    return NettyServerBuilder.forAddress(new InetSocketAddress(settings.host(), settings.port()));
  }

  /**
   * Binds and starts serving; health turns SERVING.
   *
   * @throws IOException when the address cannot be bound
   */
  public GrpcServer start() throws IOException {
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
   * Sets the health of the gateway (service "") and of each service it offers ({@code
   * eventgateway.v1.PublisherService}, {@code eventgateway.v1.SubscriberService}, {@code
   * eventgateway.v1.AdminService}), e.g. NOT_SERVING while the log cannot be reached. Has no effect
   * once a drain began.
   */
  public void setServing(boolean serving) {
    ServingStatus status = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
    for (String service : serviceNames) {
      health.setStatus(service, status);
    }
  }

  /**
   * What the HTTP/2 edge refused and holds, for metrics (zero unless built by an {@code onNetty}
   * factory).
   */
  public EdgeCounters edge() {
    return edge;
  }

  /** The publisher service, e.g. to read its open calls. */
  public PublisherGrpcService publisher() {
    return publisher;
  }

  /** The subscriber service, e.g. to read its open calls; empty on a publisher-only server. */
  public Optional<SubscriberGrpcService> subscriber() {
    return subscriber;
  }

  /**
   * Stops gracefully: health turns NOT_SERVING for good; the server takes no new calls (they fail
   * with UNAVAILABLE); open {@code PublishStream} calls stop taking events, send the responses of
   * the events in flight, then end with UNAVAILABLE "gateway is shutting down; reconnect"; open
   * {@code Subscribe} calls (which never end by themselves) have their subscriptions cancelled (the
   * core then commits what was acknowledged) and end at once with UNAVAILABLE "gateway is shutting
   * down; subscribe again"; unary calls finish. Calls still open after {@code timeout} are
   * cancelled. Then the handler threads stop.
   *
   * @return whether every call finished within {@code timeout}
   * @throws InterruptedException when interrupted while waiting; the server is then stopped at once
   */
  public boolean drain(Duration timeout) throws InterruptedException {
    stopServing();
    // streams first: once a new call is refused, every open stream has been told
    publisher.shutdownStreams();
    subscriber.ifPresent(SubscriberGrpcService::shutdownStreams);
    server.shutdown();
    try {
      boolean drained = server.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (!drained) {
        LOGGER.warn(
            "gRPC calls still open after {}; cancelling {} PublishStream calls, {} Subscribe"
                + " calls and the rest",
            timeout,
            publisher.openStreamCalls(),
            subscriber.map(SubscriberGrpcService::openCalls).orElse(0));
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
