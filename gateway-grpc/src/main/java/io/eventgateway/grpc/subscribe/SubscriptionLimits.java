package io.eventgateway.grpc.subscribe;

import io.grpc.Attributes;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the {@code Subscribe} calls open at once, per connection and on the whole gateway: a call
 * over either limit is closed at once with RESOURCE_EXHAUSTED naming the limit's key, before the
 * service sees it; a call counts from its start to its end (completed or cancelled), whether or not
 * it subscribed.
 *
 * <p>A connection is its transport's pair of addresses (gRPC's {@link
 * Grpc#TRANSPORT_ATTR_REMOTE_ADDR} and {@link Grpc#TRANSPORT_ATTR_LOCAL_ADDR}), which identify one
 * TCP connection while it is open; on a transport without them (in-process) all calls count as one
 * connection.
 *
 * <p>Thread-safe: the counts are atomic, so two calls racing for the last place never both get it.
 */
final class SubscriptionLimits implements ServerInterceptor {
  private final int maxPerConnection;
  private final int maxSubscriptions;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<Connection, AtomicInteger> perConnection =
      new ConcurrentHashMap<>();

  SubscriptionLimits(int maxPerConnection, int maxSubscriptions) {
    this.maxPerConnection = maxPerConnection;
    this.maxSubscriptions = maxSubscriptions;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Connection connection = Connection.of(call.getAttributes());
    Status refusal = acquire(connection);
    if (refusal != null) {
      call.close(refusal, new Metadata());
      return new ServerCall.Listener<>() {};
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            release(connection);
          }
        };
    try {
      return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
        @Override
        public void onComplete() {
          try {
            super.onComplete();
          } finally {
            release.run();
          }
        }

        @Override
        public void onCancel() {
          try {
            super.onCancel();
          } finally {
            release.run();
          }
        }
      };
    } catch (RuntimeException | Error failed) {
      release.run();
      throw failed;
    }
  }

  /** Calls open now, on the gateway. */
  int open() {
    return open.get();
  }

  /** Takes a place for a call on {@code connection}; the refusal when there is none. */
  private Status acquire(Connection connection) {
    if (open.incrementAndGet() > maxSubscriptions) {
      open.decrementAndGet();
      return Status.RESOURCE_EXHAUSTED.withDescription(
          SubscriberSettings.MAX_SUBSCRIPTIONS_KEY
              + " ("
              + maxSubscriptions
              + ") reached: the gateway has as many Subscribe calls open as it allows; subscribe"
              + " again later or on another gateway");
    }
    int[] onConnection = new int[1];
    perConnection.compute(
        connection,
        (key, current) -> {
          AtomicInteger counter = current == null ? new AtomicInteger() : current;
          onConnection[0] = counter.incrementAndGet();
          return counter;
        });
    if (onConnection[0] > maxPerConnection) {
      release(connection);
      return Status.RESOURCE_EXHAUSTED.withDescription(
          SubscriberSettings.MAX_PER_CONNECTION_KEY
              + " ("
              + maxPerConnection
              + ") reached: this connection has as many Subscribe calls open as it allows; end"
              + " one, or subscribe on another connection");
    }
    return null;
  }

  private void release(Connection connection) {
    perConnection.computeIfPresent(
        connection, (key, counter) -> counter.decrementAndGet() == 0 ? null : counter);
    open.decrementAndGet();
  }

  /** One transport's addresses; nulls where the transport has none. */
  private record Connection(SocketAddress remote, SocketAddress local) {
    static Connection of(Attributes attributes) {
      Objects.requireNonNull(attributes, "attributes");
      return new Connection(
          attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
          attributes.get(Grpc.TRANSPORT_ATTR_LOCAL_ADDR));
    }
  }
}
