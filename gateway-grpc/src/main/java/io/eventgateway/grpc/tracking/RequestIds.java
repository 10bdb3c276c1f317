package io.eventgateway.grpc.tracking;

import io.grpc.Context;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.MDC;

/**
 * Gives every call a request id, the thread that logs for a call a way to say which call it was,
 * and the client a way to quote it.
 *
 * <p>The id is the client's {@value #HEADER_NAME} header when it is sane (1 to {@value #MAX_LENGTH}
 * characters of {@code [A-Za-z0-9._:-]}), otherwise a new random one of 16 hex digits. It is
 *
 * <ul>
 *   <li>sent back in the {@value #HEADER_NAME} response header (in the trailers of a call that ends
 *       without headers, which then are the headers of its trailers-only response);
 *   <li>in the SLF4J MDC under {@value #MDC_KEY} while each callback of the call runs (the start of
 *       the call, {@code onMessage}, {@code onHalfClose}, {@code onCancel}, {@code onComplete},
 *       {@code onReady}), and removed after: so every line the handler thread logs for the call,
 *       also from the use case it calls, carries it;
 *   <li>in the gRPC {@link Context} of those callbacks, read with {@link #current()}, so that a
 *       service can capture it for work that completes on another thread (a publish acknowledged on
 *       the log's I/O thread) and put it into the {@code google.rpc.ErrorInfo} it returns.
 * </ul>
 *
 * <p>Cost: per call a random id (or the header's), a context, two small wrappers; per callback two
 * thread-local writes for the context and an MDC put and remove, no other allocation.
 *
 * <p>Stateless and thread-safe.
 */
public final class RequestIds implements ServerInterceptor {

  /** The request and response header that carries the id. */
  public static final String HEADER_NAME = "x-request-id";

  /** The MDC key (and the {@code ErrorInfo} metadata key) of the id. */
  public static final String MDC_KEY = "request_id";

  /** The longest id taken from a client. */
  public static final int MAX_LENGTH = 64;

  /** {@value #HEADER_NAME} as a gRPC metadata key. */
  public static final Metadata.Key<String> HEADER =
      Metadata.Key.of(HEADER_NAME, Metadata.ASCII_STRING_MARSHALLER);

  private static final Context.Key<String> CONTEXT_KEY = Context.key(MDC_KEY);
  private static final HexFormat HEX = HexFormat.of();

  /**
   * The id of the call whose callback runs on this thread; empty outside one (or on a call that
   * this interceptor does not see).
   */
  public static String current() {
    String id = CONTEXT_KEY.get();
    return id == null ? "" : id;
  }

  /** {@code requested} when it is a sane id, otherwise a new random one. */
  public static String idFor(String requested) {
    return isSane(requested) ? requested : newId();
  }

  /** 16 hex digits from a thread-local random: cheap, unique enough to find a call in the log. */
  static String newId() {
    return HEX.toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  static boolean isSane(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String id = idFor(headers.get(HEADER));
    Context context = Context.current().withValue(CONTEXT_KEY, id);
    Context previous = context.attach();
    MDC.put(MDC_KEY, id);
    try {
      return new IdListener<>(next.startCall(new IdCall<>(call, id), headers), context, id);
    } finally {
      MDC.remove(MDC_KEY);
      context.detach(previous);
    }
  }

  /** Sends the id back: in the headers, or in the trailers when the call ends without headers. */
  private static final class IdCall<ReqT, RespT>
      extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {
    private final String id;
    private volatile boolean headersSent;

    IdCall(ServerCall<ReqT, RespT> call, String id) {
      super(call);
      this.id = id;
    }

    @Override
    public void sendHeaders(Metadata headers) {
      headers.discardAll(HEADER);
      headers.put(HEADER, id);
      headersSent = true;
      super.sendHeaders(headers);
    }

    @Override
    public void close(io.grpc.Status status, Metadata trailers) {
      if (!headersSent) {
        trailers.discardAll(HEADER);
        trailers.put(HEADER, id);
      }
      super.close(status, trailers);
    }
  }

  /** Runs every callback with the id in the MDC and in the context. */
  private static final class IdListener<ReqT>
      extends ForwardingServerCallListener.SimpleForwardingServerCallListener<ReqT> {
    private final Context context;
    private final String id;

    IdListener(ServerCall.Listener<ReqT> listener, Context context, String id) {
      super(listener);
      this.context = context;
      this.id = id;
    }

    @Override
    public void onMessage(ReqT message) {
      Context previous = enter();
      try {
        super.onMessage(message);
      } finally {
        leave(previous);
      }
    }

    @Override
    public void onHalfClose() {
      Context previous = enter();
      try {
        super.onHalfClose();
      } finally {
        leave(previous);
      }
    }

    @Override
    public void onCancel() {
      Context previous = enter();
      try {
        super.onCancel();
      } finally {
        leave(previous);
      }
    }

    @Override
    public void onComplete() {
      Context previous = enter();
      try {
        super.onComplete();
      } finally {
        leave(previous);
      }
    }

    @Override
    public void onReady() {
      Context previous = enter();
      try {
        super.onReady();
      } finally {
        leave(previous);
      }
    }

    private Context enter() {
      Context previous = context.attach();
      MDC.put(MDC_KEY, id);
      return previous;
    }

    private void leave(Context previous) {
      MDC.remove(MDC_KEY);
      context.detach(previous);
    }
  }
}
