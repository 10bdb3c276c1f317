package io.eventgateway.grpc.edge;

import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.util.AsciiString;
import java.util.Objects;

/**
 * The gateway's limits around another protocol negotiator (plaintext today, TLS later): each
 * connection passes the {@link ConnectionGate} before the negotiator's handler runs, and its HTTP/2
 * frames pass the {@link EdgeFrameListener} before gRPC's handler sees them.
 *
 * <p>grpc-java offers no public hook that can refuse a connection ({@code ServerTransportFilter}
 * only observes) or see a stream's DATA before its deframer buffers it, so this is an {@link
 * InternalProtocolNegotiator.ProtocolNegotiator}, installed with the {@code @Internal} {@code
 * NettyServerBuilder.protocolNegotiator}; it relies only on the negotiator contract (called once
 * per connection with gRPC's HTTP/2 handler, which is built with its frame listener in place) and
 * on Netty's public HTTP/2 API. Thread-safe.
 */
public final class EdgeNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {
  private final InternalProtocolNegotiator.ProtocolNegotiator delegate;
  private final EdgeSettings settings;
  private final EdgeCounters counters;
  private final ConnectionLimits connections;

  /**
   * @param delegate the negotiator that does the work ({@code
   *     InternalProtocolNegotiators.serverPlaintext()} or a TLS one)
   * @param counters where the refusals and the bytes held are counted
   */
  public EdgeNegotiator(
      InternalProtocolNegotiator.ProtocolNegotiator delegate,
      EdgeSettings settings,
      EdgeCounters counters) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.connections =
        new ConnectionLimits(
            settings.maxConnections(), settings.maxConnectionsPerAddress(), counters);
  }

  @Override
  public AsciiString scheme() {
    return delegate.scheme();
  }

  @Override
  public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
    EdgeFrameListener.install(grpcHandler, settings, counters);
    return new ConnectionGate(connections, settings, delegate.newHandler(grpcHandler));
  }

  @Override
  public void close() {
    delegate.close();
  }
}
