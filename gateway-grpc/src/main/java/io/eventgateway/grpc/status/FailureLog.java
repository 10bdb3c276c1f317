package io.eventgateway.grpc.status;

import io.eventgateway.core.port.in.PublishFailure;
import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.grpc.tracking.RequestIds;
import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * Logs the failures the gateway answers with, once each, at the level they deserve, as one
 * key=value line with the call's request id (in the MDC under {@value RequestIds#MDC_KEY}, also on
 * a thread that is not the call's, e.g. the log's I/O thread that completes a publish).
 *
 * <ul>
 *   <li>Failures the gateway or Kafka caused (INTERNAL, UNAVAILABLE, OUTCOME_UNKNOWN, OVERLOADED):
 *       WARN, at most one line per stream and reason per {@linkplain #WINDOW window}; the next line
 *       of that stream and reason says how many were left out ({@code suppressed=N}). A Kafka
 *       outage that fails every event of a busy stream costs a line every ten seconds, not one per
 *       event.
 *   <li>Failures the client caused (INVALID_ARGUMENT, UNKNOWN_STREAM, FAILED_PRECONDITION, ...) and
 *       the ones a drain causes (SHUTTING_DOWN): DEBUG, every one. They are the client's to see, in
 *       its status; a client must not be able to fill the gateway's log.
 * </ul>
 *
 * <p>What is logged: the method, the stream, the reason, the gRPC code, the field at fault (for a
 * client's failure) or the description (for the gateway's own, which never holds event data). Never
 * event data, attribute values or anything else from the request but the stream's name, which is
 * quoted and cut at {@value #MAX_VALUE_LENGTH} characters.
 *
 * <p>Thread-safe. The cost is on failures only: a map lookup and a short lock per failure.
 */
public final class FailureLog {

  /** How long at most one WARN line per stream and reason is logged. */
  public static final Duration WINDOW = Duration.ofSeconds(10);

  /** At most this many (stream, reason) windows are kept; others share one. */
  static final int MAX_WINDOWS = 1024;

  static final int MAX_VALUE_LENGTH = 100;

  private static final String OVERFLOW_KEY = "";

  private final Logger logger;
  private final long windowNanos;
  private final LongSupplier nanoClock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /** Logs to {@code logger}, one WARN line per stream and reason per {@link #WINDOW}. */
  public FailureLog(Logger logger) {
    this(logger, WINDOW, System::nanoTime);
  }

  FailureLog(Logger logger, Duration window, LongSupplier nanoClock) {
    this.logger = logger;
    this.windowNanos = window.toNanos();
    this.nanoClock = nanoClock;
  }

  /**
   * Logs the failure of an event (or a whole request) of the publish {@code method} on {@code
   * stream}; a client's names the field at fault as the client does, under {@code eventPath}.
   */
  public void publishFailed(
      String method, String stream, PublishFailure failure, String eventPath, String requestId) {
    String reason = failure.reason().name();
    Status.Code code = PublishStatuses.code(failure.reason());
    if (PublishStatuses.causedByTheGateway(failure.reason())) {
      gatewayFailure(method, stream, reason, code, failure.description(), requestId);
    } else {
      String field = PublishStatuses.fieldPath(eventPath, failure.field());
      clientFailure(method, stream, reason, code, field, requestId);
    }
  }

  /** Logs the failure of a subscribe or administration request of {@code method}. */
  public void requestFailed(
      String method, String stream, RequestFailure failure, String requestId) {
    Status.Code code = RequestStatuses.code(failure.kind());
    if (RequestStatuses.causedByTheGateway(failure.kind())) {
      gatewayFailure(method, stream, failure.kind().name(), code, failure.description(), requestId);
    } else {
      clientFailure(method, stream, failure.kind().name(), code, failure.field(), requestId);
    }
  }

  /**
   * A failure the gateway or the log caused: WARN, rate-limited per stream and {@code reason}.
   * {@code description} is the gateway's own (it must not hold event data).
   */
  public void gatewayFailure(
      String method,
      String stream,
      String reason,
      Status.Code code,
      String description,
      String requestId) {
    if (!logger.isWarnEnabled()) {
      return;
    }
    long suppressed = window(stream, reason).admit(nanoClock.getAsLong(), windowNanos);
    if (suppressed < 0) {
      return;
    }
    String previous = enter(requestId);
    try {
      logger.warn(
          "request failed: method={} stream={} reason={} code={} suppressed={} description={}",
          method,
          quoted(stream),
          reason,
          code,
          suppressed,
          quoted(description));
    } finally {
      leave(requestId, previous);
    }
  }

  /** A failure the client caused (or a drain): DEBUG; {@code field} is the field at fault. */
  public void clientFailure(
      String method,
      String stream,
      String reason,
      Status.Code code,
      String field,
      String requestId) {
    if (!logger.isDebugEnabled()) {
      return;
    }
    String previous = enter(requestId);
    try {
      logger.debug(
          "request refused: method={} stream={} reason={} code={} field={}",
          method,
          quoted(stream),
          reason,
          code,
          quoted(field));
    } finally {
      leave(requestId, previous);
    }
  }

  private Window window(String stream, String reason) {
    String key = reason + ' ' + stream;
    Window window = windows.get(key);
    if (window != null) {
      return window;
    }
    if (windows.size() >= MAX_WINDOWS) {
      return windows.computeIfAbsent(OVERFLOW_KEY, k -> new Window());
    }
    return windows.computeIfAbsent(key, k -> new Window());
  }

  /** Puts {@code requestId} into the MDC unless it is there; what was there before. */
  private static String enter(String requestId) {
    String previous = MDC.get(RequestIds.MDC_KEY);
    if (!requestId.isEmpty() && !requestId.equals(previous)) {
      MDC.put(RequestIds.MDC_KEY, requestId);
    }
    return previous;
  }

  private static void leave(String requestId, String previous) {
    if (requestId.isEmpty() || requestId.equals(previous)) {
      return;
    }
    if (previous == null) {
      MDC.remove(RequestIds.MDC_KEY);
    } else {
      MDC.put(RequestIds.MDC_KEY, previous);
    }
  }

  /**
   * {@code value} in double quotes, with quotes, backslashes and control characters escaped and cut
   * at {@value #MAX_VALUE_LENGTH} characters: a client's string cannot forge a log line.
   */
  static String quoted(String value) {
    StringBuilder quoted = new StringBuilder(Math.min(value.length(), MAX_VALUE_LENGTH) + 8);
    quoted.append('"');
    int end = Math.min(value.length(), MAX_VALUE_LENGTH);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        quoted.append(String.format("\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      quoted.append("...");
    }
    return quoted.append('"').toString();
  }

  /** The WARN lines of one stream and reason. */
  private static final class Window {
    private boolean started;
    private long start;
    private long suppressed;

    /**
     * Whether a line may be logged at {@code now}: the number of lines left out since the last one,
     * or -1 when this one is to be left out too.
     */
    synchronized long admit(long now, long windowNanos) {
      if (started && now - start < windowNanos) {
        suppressed++;
        return -1;
      }
      started = true;
      start = now;
      long leftOut = suppressed;
      suppressed = 0;
      return leftOut;
    }
  }
}
