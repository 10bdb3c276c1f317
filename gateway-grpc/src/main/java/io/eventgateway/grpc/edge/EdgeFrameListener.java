package io.eventgateway.grpc.edge;

import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Error;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2FrameListener;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Stream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits between Netty's HTTP/2 decoder and gRPC's handler on one connection and ends, with a gRPC
 * status that names the limit, a call whose metadata is over {@link
 * EdgeSettings#maxMetadataBytes()} (RESOURCE_EXHAUSTED, before gRPC sees the call), whose request
 * message would push the bytes of unfinished messages over the connection's or the gateway's bound
 * (RESOURCE_EXHAUSTED), or whose message takes longer than {@link
 * EdgeSettings#unfinishedMessageTimeout()} to arrive (DEADLINE_EXCEEDED). The connection and its
 * other calls live on.
 *
 * <p>Ending a call: gRPC is told the client reset the stream (so the call is cancelled and its
 * deframer's buffers released), the client gets trailers with the status (a trailers-only response
 * when no headers were sent), then RST_STREAM(NO_ERROR) so that it stops sending (RFC 9113 8.1).
 *
 * <p>Threading: every method runs on the connection's event loop; nothing is shared but the {@link
 * EdgeCounters}.
 */
final class EdgeFrameListener extends Http2FrameListenerDecorator {
  private static final Logger LOGGER = LoggerFactory.getLogger(EdgeFrameListener.class);
  private static final RateLimitedLog ENDED = new RateLimitedLog(LOGGER, Duration.ofSeconds(10));
  private static final Duration SHORTEST_SWEEP = Duration.ofMillis(10);

  private final GrpcHttp2ConnectionHandler handler;
  private final EdgeSettings settings;
  private final EdgeCounters counters;
  private final Map<Integer, MessageFraming> streams = new HashMap<>();
  private final long timeoutNanos;
  private long connectionUnfinished;
  private ScheduledFuture<?> sweeper;

  private EdgeFrameListener(
      Http2FrameListener grpcListener,
      GrpcHttp2ConnectionHandler handler,
      EdgeSettings settings,
      EdgeCounters counters) {
    super(grpcListener);
    this.handler = handler;
    this.settings = settings;
    this.counters = counters;
    this.timeoutNanos = settings.unfinishedMessageTimeout().toNanos();
  }

  /** Puts a listener in front of {@code handler}'s (gRPC's) frame listener. */
  static void install(
      GrpcHttp2ConnectionHandler handler, EdgeSettings settings, EdgeCounters counters) {
    EdgeFrameListener listener =
        new EdgeFrameListener(handler.decoder().frameListener(), handler, settings, counters);
    handler.decoder().frameListener(listener);
    handler
        .connection()
        .addListener(
            new Http2ConnectionAdapter() {
              @Override
              public void onStreamClosed(Http2Stream stream) {
                listener.forget(stream.id());
              }
            });
  }

  @Override
  public void onHeadersRead(
      ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding, boolean endStream)
      throws Http2Exception {
    if (metadataFits(ctx, streamId, headers)) {
      super.onHeadersRead(ctx, streamId, headers, padding, endStream);
    }
  }

  @Override
  public void onHeadersRead(
      ChannelHandlerContext ctx,
      int streamId,
      Http2Headers headers,
      int streamDependency,
      short weight,
      boolean exclusive,
      int padding,
      boolean endStream)
      throws Http2Exception {
    if (metadataFits(ctx, streamId, headers)) {
      super.onHeadersRead(
          ctx, streamId, headers, streamDependency, weight, exclusive, padding, endStream);
    }
  }

  @Override
  public int onDataRead(
      ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream)
      throws Http2Exception {
    MessageFraming framing = streams.computeIfAbsent(streamId, id -> new MessageFraming());
    long before = framing.unfinished();
    framing.feed(data, System.nanoTime());
    long grown = framing.unfinished() - before;
    if (grown > 0) {
      String refusedBy = null;
      long limit = 0;
      if (connectionUnfinished + grown > settings.maxUnfinishedBytesPerConnection()) {
        refusedBy = EdgeSettings.MAX_UNFINISHED_BYTES_PER_CONNECTION_KEY;
        limit = settings.maxUnfinishedBytesPerConnection();
      } else if (!counters.tryHoldUnfinished(grown, settings.maxUnfinishedBytes())) {
        refusedBy = EdgeSettings.MAX_UNFINISHED_BYTES_KEY;
        limit = settings.maxUnfinishedBytes();
      }
      if (refusedBy != null) {
        // only what was held before this frame is accounted for
        streams.remove(streamId);
        release(before);
        endCall(
            ctx,
            streamId,
            Status.Code.RESOURCE_EXHAUSTED,
            "unfinished request messages "
                + (refusedBy.equals(EdgeSettings.MAX_UNFINISHED_BYTES_KEY)
                    ? "on all connections"
                    : "on this connection")
                + " would hold more than "
                + refusedBy
                + " ("
                + limit
                + " bytes); send each message without pausing, or fewer at once",
            refusedBy,
            true);
        return data.readableBytes() + padding;
      }
      connectionUnfinished += grown;
      startSweeping(ctx);
    } else if (grown < 0) {
      release(-grown);
    }
    return super.onDataRead(ctx, streamId, data, padding, endOfStream);
  }

  private boolean metadataFits(ChannelHandlerContext ctx, int streamId, Http2Headers headers)
      throws Http2Exception {
    long size = headerListSize(headers);
    if (size <= settings.maxMetadataBytes()) {
      return true;
    }
    endCall(
        ctx,
        streamId,
        Status.Code.RESOURCE_EXHAUSTED,
        "request metadata of "
            + size
            + " bytes is over "
            + EdgeSettings.MAX_METADATA_BYTES_KEY
            + " ("
            + settings.maxMetadataBytes()
            + " bytes, counted as HTTP/2 does: name, value and 32 bytes per entry)",
        EdgeSettings.MAX_METADATA_BYTES_KEY,
        false);
    return false;
  }

  /** The header list size as HTTP/2's SETTINGS_MAX_HEADER_LIST_SIZE counts it. */
  static long headerListSize(Http2Headers headers) {
    long size = 0;
    for (Map.Entry<CharSequence, CharSequence> header : headers) {
      size += header.getKey().length() + header.getValue().length() + 32L;
    }
    return size;
  }

  /** Forgets a stream that closed, and what its unfinished message held. */
  private void forget(int streamId) {
    MessageFraming framing = streams.remove(streamId);
    if (framing != null) {
      release(framing.unfinished());
    }
  }

  private void release(long bytes) {
    connectionUnfinished -= bytes;
    counters.releaseUnfinished(bytes);
  }

  private void startSweeping(ChannelHandlerContext ctx) {
    if (sweeper == null) {
      long period = Math.max(timeoutNanos / 4, SHORTEST_SWEEP.toNanos());
      sweeper =
          ctx.executor()
              .scheduleAtFixedRate(() -> sweep(ctx), period, period, TimeUnit.NANOSECONDS);
    }
  }

  /** Ends the calls whose message has taken too long; stops once no message is unfinished. */
  private void sweep(ChannelHandlerContext ctx) {
    long now = System.nanoTime();
    boolean anyUnfinished = false;
    Iterator<Map.Entry<Integer, MessageFraming>> entries = streams.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<Integer, MessageFraming> entry = entries.next();
      MessageFraming framing = entry.getValue();
      if (framing.unfinished() == 0) {
        continue;
      }
      if (now - framing.startedAtNanos() < timeoutNanos) {
        anyUnfinished = true;
        continue;
      }
      entries.remove();
      release(framing.unfinished());
      try {
        endCall(
            ctx,
            entry.getKey(),
            Status.Code.DEADLINE_EXCEEDED,
            "request message not complete within "
                + EdgeSettings.UNFINISHED_MESSAGE_TIMEOUT_KEY
                + " ("
                + settings.unfinishedMessageTimeout().toMillis()
                + " ms): "
                + framing.unfinished()
                + " bytes of it received",
            EdgeSettings.UNFINISHED_MESSAGE_TIMEOUT_KEY,
            true);
      } catch (Http2Exception | RuntimeException failed) {
        LOGGER.warn("cannot end stream {} of {}", entry.getKey(), ctx.channel(), failed);
      }
      // endCall may close streams, which removes them from the map: start again
      sweepLater(ctx);
      return;
    }
    if (!anyUnfinished && sweeper != null) {
      sweeper.cancel(false);
      sweeper = null;
    }
  }

  private void sweepLater(ChannelHandlerContext ctx) {
    ctx.executor().execute(() -> sweep(ctx));
  }

  /**
   * Ends a call: tells gRPC (when it knows the call) that the client cancelled it, sends the client
   * {@code code} and {@code message} in trailers and resets the stream.
   */
  private void endCall(
      ChannelHandlerContext ctx,
      int streamId,
      Status.Code code,
      String message,
      String key,
      boolean grpcKnowsTheCall)
      throws Http2Exception {
    counters.refused(key);
    ENDED.warn("call on {} ended: {}: {}", ctx.channel().remoteAddress(), code, message);
    if (grpcKnowsTheCall) {
      super.onRstStreamRead(ctx, streamId, Http2Error.CANCEL.code());
    }
    Http2Stream stream = handler.connection().stream(streamId);
    if (stream != null
        && stream.state() != Http2Stream.State.HALF_CLOSED_LOCAL
        && stream.state() != Http2Stream.State.CLOSED) {
      var unused =
          handler
              .encoder()
              .writeHeaders(
                  ctx,
                  streamId,
                  EndOfCall.trailers(!stream.isHeadersSent(), code, message),
                  0,
                  true,
                  ctx.newPromise());
    }
    stream = handler.connection().stream(streamId);
    if (stream != null && stream.state() != Http2Stream.State.CLOSED) {
      var unused = handler.resetStream(ctx, streamId, Http2Error.NO_ERROR.code(), ctx.newPromise());
    }
    ctx.flush();
  }
}
