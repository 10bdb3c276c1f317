package io.eventgateway.grpc.edge;

import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of an accepted connection: admits it against the {@link ConnectionLimits} and
 * then gives way to the negotiator's handler (plaintext or TLS), or closes the connection at once,
 * before any byte of HTTP/2 (or TLS) is exchanged. A refusal is counted and logged, at most one
 * line per 10 s. Runs on the connection's event loop.
 */
final class ConnectionGate extends ChannelInboundHandlerAdapter {
  private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionGate.class);
  private static final RateLimitedLog REFUSALS = new RateLimitedLog(LOGGER, Duration.ofSeconds(10));

  private final ConnectionLimits limits;
  private final int maxConnections;
  private final int maxPerAddress;
  private final ChannelHandler next;

  ConnectionGate(ConnectionLimits limits, EdgeSettings settings, ChannelHandler next) {
    this.limits = limits;
    this.maxConnections = settings.maxConnections();
    this.maxPerAddress = settings.maxConnectionsPerAddress();
    this.next = next;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    InetAddress address = addressOf(ctx.channel().remoteAddress());
    Optional<String> refusedBy = limits.tryOpen(address);
    if (refusedBy.isPresent()) {
      String key = refusedBy.get();
      REFUSALS.warn(
          "connection from {} refused: {} ({}) reached; the client should reuse its connections",
          address.getHostAddress(),
          key,
          key.equals(EdgeSettings.MAX_CONNECTIONS_KEY) ? maxConnections : maxPerAddress);
      var unused = ctx.close();
      return;
    }
    var unused = ctx.channel().closeFuture().addListener(closed -> limits.closed(address));
    ctx.pipeline().replace(this, null, next);
  }

  /** The client's IP address; the loopback address for a channel without one (in-process). */
  private static InetAddress addressOf(SocketAddress remote) {
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress();
    }
    return InetAddress.getLoopbackAddress();
  }
}
