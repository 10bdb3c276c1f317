package io.eventgateway.grpc.subscribe;

import io.eventgateway.api.v1.Delivery;
import io.eventgateway.api.v1.SubscribeRequest;
import io.eventgateway.api.v1.SubscriberServiceGrpc;
import io.eventgateway.core.port.in.SubscribeUseCase;
import io.eventgateway.grpc.status.FailureLog;
import io.eventgateway.grpc.tracking.OpenCalls;
import io.eventgateway.grpc.tracking.RequestIds;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * The {@code eventgateway.v1.SubscriberService}: each {@code Subscribe} call opens one subscription
 * of the {@link SubscribeUseCase} with its first request, sends its deliveries with flow control,
 * and hands the client's acknowledgements to it (see {@link SubscribeCall}).
 *
 * <p>Limits: a {@code Subscribe} call beyond {@link SubscriberSettings#maxPerConnection()} on its
 * connection or {@link SubscriberSettings#maxSubscriptions()} on the gateway is refused with
 * RESOURCE_EXHAUSTED naming the setting ({@link SubscriptionLimits}).
 *
 * <p>Threading: the first request opens the subscription on the server's handler executor, where it
 * may block while the core reaches the log; deliveries are written on the core's threads. The
 * service keeps its open calls so that a drain can end them: a {@code Subscribe} call never ends by
 * itself. Thread-safe.
 */
public final class SubscriberGrpcService extends SubscriberServiceGrpc.SubscriberServiceImplBase {
  private final SubscribeUseCase subscribing;
  private final SubscriberSettings settings;
  private final SubscriptionLimits limits;
  private final OpenCalls<SubscribeCall> openCalls = new OpenCalls<>(SubscribeCall::shutdown);
  private final FailureLog failures =
      new FailureLog(LoggerFactory.getLogger(SubscriberGrpcService.class));

  public SubscriberGrpcService(SubscribeUseCase subscribing, SubscriberSettings settings) {
    this.subscribing = Objects.requireNonNull(subscribing, "subscribing");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.limits = new SubscriptionLimits(settings.maxPerConnection(), settings.maxSubscriptions());
  }

  /**
   * The service as a server serves it: {@link #bindService()} with its calls bounded per connection
   * and on the gateway ({@link SubscriberSettings#maxPerConnection()}, {@link
   * SubscriberSettings#maxSubscriptions()}).
   */
  public ServerServiceDefinition limitedService() {
    return ServerInterceptors.intercept(bindService(), limits);
  }

  @Override
  public StreamObserver<SubscribeRequest> subscribe(StreamObserver<Delivery> responseObserver) {
    SubscribeCall call =
        new SubscribeCall(
            subscribing,
            (ServerCallStreamObserver<Delivery>) responseObserver,
            settings.deliveryBatch(),
            settings.budget().transportBytes(),
            openCalls::closed,
            RequestIds.current(),
            failures);
    openCalls.open(call, call::start);
    return call;
  }

  /**
   * Ends every open {@code Subscribe} call, and every one that opens from now on: cancels its
   * subscription (the core then commits what was acknowledged) and ends the call with UNAVAILABLE
   * "gateway is shutting down; subscribe again". Returns at once; thread-safe.
   */
  public void shutdownStreams() {
    openCalls.shutdownAll();
  }

  /** The {@code Subscribe} calls open now. */
  public int openCalls() {
    return openCalls.size();
  }

  /** The settings this service runs with. */
  public SubscriberSettings settings() {
    return settings;
  }
}
