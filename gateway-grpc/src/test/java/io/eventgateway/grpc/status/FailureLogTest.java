package io.eventgateway.grpc.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgateway.core.port.in.PublishFailure;
import io.eventgateway.core.port.in.PublishFailure.Reason;
import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.core.port.in.RequestFailure.Kind;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One WARN line per stream and reason per window for the gateway's failures; DEBUG for clients'.
 */
class FailureLogTest {
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final RecordingLogger logger = new RecordingLogger(true);
  private final FailureLog log = new FailureLog(logger, Duration.ofSeconds(10), nanos::get);

  @Test
  void aBurstOfTheSameFailureIsOneLineAndTheNextLineCountsTheRest() {
    for (int i = 0; i < 1000; i++) {
      unavailable("orders", "req-" + i);
    }
    nanos.addAndGet(Duration.ofSeconds(9).toNanos());
    unavailable("orders", "req-late");

    assertThat(logger.lines).hasSize(1);
    assertThat(logger.lines.get(0))
        .isEqualTo(
            "WARN request_id=req-0 request failed: method=Subscribe stream=\"orders\""
                + " reason=UNAVAILABLE code=UNAVAILABLE suppressed=0 description=\"no broker\"");

    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    unavailable("orders", "req-next");

    assertThat(logger.lines).hasSize(2);
    assertThat(logger.lines.get(1))
        .startsWith("WARN request_id=req-next ")
        .contains("suppressed=1000");
  }

  @Test
  void eachStreamAndReasonHasItsOwnWindow() {
    unavailable("orders", "a");
    unavailable("payments", "b");
    log.gatewayFailure(
        "Publish", "orders", "OUTCOME_UNKNOWN", Status.Code.UNAVAILABLE, "timed out", "c");
    unavailable("orders", "d");

    assertThat(logger.lines)
        .hasSize(3)
        .anyMatch(l -> l.contains("stream=\"payments\""))
        .anyMatch(l -> l.contains("reason=OUTCOME_UNKNOWN"));
  }

  @Test
  void theClientsFailuresAreDebugLinesWithTheFieldNotTheDescription() {
    for (int i = 0; i < 3; i++) {
      log.requestFailed(
          "Subscribe",
          "orders",
          new RequestFailure(Kind.INVALID_ARGUMENT, "group", "is 'secret value' and too long"),
          "r" + i);
    }
    log.requestFailed(
        "DescribeStream", "nope", RequestFailure.of(Kind.UNKNOWN_STREAM, "no stream 'nope'"), "r3");

    assertThat(logger.lines).hasSize(4).allMatch(l -> l.startsWith("DEBUG request_id=r"));
    assertThat(logger.lines.get(0))
        .isEqualTo(
            "DEBUG request_id=r0 request refused: method=Subscribe stream=\"orders\""
                + " reason=INVALID_ARGUMENT code=INVALID_ARGUMENT field=\"group\"");
    assertThat(logger.lines).noneMatch(l -> l.contains("secret"));
  }

  @Test
  void aPublishFailureIsTheGatewaysOrTheClientsByItsReasonAndNamesTheFieldUnderTheEventsPath() {
    log.publishFailed(
        "PublishBatch",
        "orders",
        new PublishFailure(Reason.INVALID_ARGUMENT, "subject", "is required"),
        "events[2].",
        "r1");
    log.publishFailed(
        "Publish",
        "orders",
        PublishFailure.of(Reason.UNAVAILABLE, "Kafka did not answer"),
        PublishStatuses.EVENT_PATH,
        "r2");

    assertThat(logger.lines)
        .containsExactly(
            "DEBUG request_id=r1 request refused: method=PublishBatch stream=\"orders\""
                + " reason=INVALID_ARGUMENT code=INVALID_ARGUMENT field=\"events[2].subject\"",
            "WARN request_id=r2 request failed: method=Publish stream=\"orders\""
                + " reason=UNAVAILABLE code=UNAVAILABLE suppressed=0"
                + " description=\"Kafka did not answer\"");
  }

  @Test
  void withDebugOffAClientsFailureCostsNothing() {
    RecordingLogger quiet = new RecordingLogger(false);
    FailureLog quietLog = new FailureLog(quiet, Duration.ofSeconds(10), nanos::get);

    quietLog.clientFailure(
        "Publish", "orders", "INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, "", "r");
    quietLog.gatewayFailure("Publish", "orders", "INTERNAL", Status.Code.INTERNAL, "bug", "r");

    assertThat(quiet.lines)
        .containsExactly(
            "WARN request_id=r request failed: method=Publish stream=\"orders\" reason=INTERNAL"
                + " code=INTERNAL suppressed=0 description=\"bug\"");
  }

  @Test
  void theRequestIdIsInTheMdcWhileTheLineIsLoggedAndWhatWasThereBeforeIsBackAfter() {
    unavailable("orders", "mine");
    assertThat(MDC.get("request_id")).isNull();

    MDC.put("request_id", "the-threads");
    try {
      log.clientFailure("Publish", "x", "UNKNOWN_STREAM", Status.Code.NOT_FOUND, "stream", "other");
      assertThat(MDC.get("request_id")).isEqualTo("the-threads");
    } finally {
      MDC.remove("request_id");
    }
    assertThat(logger.lines.get(1)).startsWith("DEBUG request_id=other ");
  }

  @Test
  void aClientsStringCannotForgeALine() {
    log.clientFailure(
        "Publish",
        "a\"b\\c\nWARN fake line" + "x".repeat(200),
        "UNKNOWN_STREAM",
        Status.Code.NOT_FOUND,
        "stream",
        "r");

    assertThat(logger.lines.get(0))
        .doesNotContain("\n")
        .contains("stream=\"a\\\"b\\\\c\\u000aWARN fake line")
        .contains("x".repeat(60) + "...\"")
        .doesNotContain("x".repeat(101));
  }

  @Test
  void windowsAreBounded() {
    for (int i = 0; i < FailureLog.MAX_WINDOWS + 500; i++) {
      unavailable("stream-" + i, "r");
    }
    // once the windows are full, every other stream shares the last one
    assertThat(logger.lines).hasSize(FailureLog.MAX_WINDOWS + 1);
  }

  private void unavailable(String stream, String requestId) {
    log.requestFailed(
        "Subscribe", stream, RequestFailure.of(Kind.UNAVAILABLE, "no broker"), requestId);
  }

  /** Records "LEVEL request_id=... message" lines; DEBUG enabled or not. */
  private static final class RecordingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    final transient List<String> lines = new CopyOnWriteArrayList<>();
    private final boolean debug;

    RecordingLogger(boolean debug) {
      this.debug = debug;
      this.name = "test";
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
      lines.add(
          level
              + " request_id="
              + MDC.get("request_id")
              + " "
              + MessageFormatter.basicArrayFormat(pattern, arguments));
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return debug;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }
  }
}
