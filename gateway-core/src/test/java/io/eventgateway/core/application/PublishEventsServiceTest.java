package io.eventgateway.core.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.Payload;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.domain.StreamClass;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.in.EventDraft;
import io.eventgateway.core.port.in.PublishBatchCommand;
import io.eventgateway.core.port.in.PublishCommand;
import io.eventgateway.core.port.in.PublishFailure.Reason;
import io.eventgateway.core.port.in.PublishOutcome;
import io.eventgateway.core.port.in.PublishRejectedException;
import io.eventgateway.core.port.out.EventLogException;
import io.eventgateway.core.testing.InMemoryEventLog;
import io.eventgateway.core.testing.TestLimits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PublishEventsServiceTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private final InMemoryEventLog log = new InMemoryEventLog();
  private final StreamCatalog catalog =
      new StreamCatalog(
          List.of(
              new StreamDefinition(
                  "orders",
                  StreamClass.EVENTS,
                  4,
                  Durability.STANDARD,
                  Duration.ofDays(7),
                  (short) 1,
                  1)));
  private final PublishEventsService service =
      new PublishEventsService(
          catalog,
          log,
          new EventValidator(TestLimits.TYPICAL.withMaxBatchEvents(3)),
          Clock.fixed(NOW, ZoneOffset.UTC));

  private static EventDraft draft(String id, String subject) {
    return new EventDraft(
        id,
        "/shop",
        "order.created",
        subject,
        null,
        "",
        Payload.copyOf(subject.getBytes(StandardCharsets.UTF_8)),
        Map.of());
  }

  private PublishOutcome publish(String stream, EventDraft draft) {
    return service.publish(new PublishCommand(stream, draft)).toCompletableFuture().join();
  }

  private final PublishEventsService deduplicating =
      new PublishEventsService(
          catalog,
          log,
          new EventValidator(TestLimits.TYPICAL),
          Clock.fixed(NOW, ZoneOffset.UTC),
          new Deduplication(Duration.ofMinutes(5), 1000, true));

  private PublishOutcome publishDeduplicated(EventDraft draft) {
    return deduplicating.publish(new PublishCommand("orders", draft)).toCompletableFuture().join();
  }

  @Test
  void aResentEventIsNotWrittenAgainAndGetsTheFirstPositionMarkedDuplicate() {
    PublishOutcome first = publishDeduplicated(draft("e-1", "order-1"));
    PublishOutcome second = publishDeduplicated(draft("e-1", "order-1"));

    assertThat(log.events("orders")).hasSize(1);
    assertThat(first).isInstanceOf(PublishOutcome.Written.class);
    assertThat(((PublishOutcome.Written) first).duplicate()).isFalse();
    assertThat(second)
        .isEqualTo(
            new PublishOutcome.Written(
                "e-1", "orders", ((PublishOutcome.Written) first).position(), true));
  }

  @Test
  void aResentEventInFlightWaitsForTheFirstAndIsNotWritten() {
    log.holdAcknowledgements();
    CompletableFuture<PublishOutcome> first =
        deduplicating
            .publish(new PublishCommand("orders", draft("e-1", "order-1")))
            .toCompletableFuture();
    CompletableFuture<PublishOutcome> second =
        deduplicating
            .publish(new PublishCommand("orders", draft("e-1", "order-1")))
            .toCompletableFuture();
    assertThat(second).isNotDone();

    log.releaseAcknowledgements();

    assertThat(log.appendCount()).isEqualTo(1);
    assertThat(((PublishOutcome.Written) second.join()).duplicate()).isTrue();
    assertThat(((PublishOutcome.Written) second.join()).position())
        .isEqualTo(((PublishOutcome.Written) first.join()).position());
  }

  @Test
  void aStandardStreamIsDeduplicatedOnlyWhenStandardStreamsAreIncluded() {
    PublishEventsService criticalOnly =
        new PublishEventsService(
            catalog,
            log,
            new EventValidator(TestLimits.TYPICAL),
            Clock.fixed(NOW, ZoneOffset.UTC),
            new Deduplication(Duration.ofMinutes(5), 1000, false));

    criticalOnly
        .publish(new PublishCommand("orders", draft("e-1", "order-1")))
        .toCompletableFuture()
        .join();
    PublishOutcome second =
        criticalOnly
            .publish(new PublishCommand("orders", draft("e-1", "order-1")))
            .toCompletableFuture()
            .join();

    assertThat(((PublishOutcome.Written) second).duplicate()).isFalse();
    assertThat(log.events("orders")).hasSize(2);
    assertThat(criticalOnly.dedupWindow("orders").orElseThrow().size()).isZero();
  }

  @Test
  void anIdReusedForOtherContentIsAConflictNamingTheIdAndIsNotWritten() {
    publishDeduplicated(draft("e-1", "order-1"));
    PublishOutcome reused = publishDeduplicated(draft("e-1", "order-2"));

    assertThat(log.events("orders")).hasSize(1);
    assertThat(reused).isInstanceOf(PublishOutcome.Failed.class);
    PublishOutcome.Failed failed = (PublishOutcome.Failed) reused;
    assertThat(failed.failure().reason()).isEqualTo(Reason.ID_CONFLICT);
    assertThat(failed.failure().field()).isEqualTo("id");
    assertThat(failed.failure().description())
        .contains("'e-1' was already used on stream 'orders'")
        .contains("partition");
  }

  @Test
  void anEventThatWasNotWrittenIsWrittenWhenResentAndGeneratedIdsAreNeverDeduplicated() {
    log.failWith(new EventLogException(EventLogException.Kind.UNAVAILABLE, "down", null));
    assertThat(publishDeduplicated(draft("e-1", "order-1")))
        .isInstanceOf(PublishOutcome.Failed.class);
    log.failWith(null);

    assertThat(publishDeduplicated(draft("e-1", "order-1")))
        .isInstanceOfSatisfying(
            PublishOutcome.Written.class, w -> assertThat(w.duplicate()).isFalse());
    publishDeduplicated(draft("", "order-1"));
    publishDeduplicated(draft("", "order-1"));
    assertThat(log.events("orders")).hasSize(3);
  }

  @Test
  void writesAValidEventAndReturnsItsPosition() {
    PublishOutcome outcome = publish("orders", draft("e-1", "order-1"));

    assertThat(outcome).isInstanceOf(PublishOutcome.Written.class);
    PublishOutcome.Written written = (PublishOutcome.Written) outcome;
    assertThat(written.eventId()).isEqualTo("e-1");
    assertThat(log.events("orders"))
        .singleElement()
        .satisfies(
            stored -> {
              assertThat(stored.position()).isEqualTo(written.position());
              assertThat(stored.event().time()).isEqualTo(NOW);
            });
  }

  @Test
  void generatesAnIdForAnEventSentWithoutOne() {
    PublishOutcome outcome = publish("orders", draft("", "order-1"));
    assertThat(outcome.eventId())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(log.events("orders").get(0).event().id()).isEqualTo(outcome.eventId());
  }

  @Test
  void anUndeclaredStreamIsUnknownAndNothingIsWritten() {
    PublishOutcome outcome = publish("nope", draft("e", "s"));
    assertThat(((PublishOutcome.Failed) outcome).failure().reason())
        .isEqualTo(Reason.UNKNOWN_STREAM);
    assertThat(((PublishOutcome.Failed) outcome).failure().message())
        .isEqualTo("stream 'nope' is not a declared stream");
    assertThat(log.appendCount()).isZero();
  }

  @Test
  void malformedAndInternalStreamNamesAreInvalidArguments() {
    for (String name : List.of("", "__consumer_offsets", "has space", "x".repeat(250))) {
      PublishOutcome.Failed failed = (PublishOutcome.Failed) publish(name, draft("e", "s"));
      assertThat(failed.failure().reason()).as(name).isEqualTo(Reason.INVALID_ARGUMENT);
      assertThat(failed.failure().field()).isEqualTo("stream");
    }
    assertThat(log.appendCount()).isZero();
  }

  @Test
  void anInvalidEventInABatchFailsAloneAndTheOthersAreWritten() {
    List<PublishOutcome> outcomes =
        service
            .publishBatch(
                new PublishBatchCommand(
                    "orders", List.of(draft("a", "s1"), draft("b", ""), draft("c", "s3"))))
            .toCompletableFuture()
            .join();

    assertThat(outcomes).extracting(PublishOutcome::eventId).containsExactly("a", "b", "c");
    assertThat(outcomes.get(0)).isInstanceOf(PublishOutcome.Written.class);
    assertThat(((PublishOutcome.Failed) outcomes.get(1)).failure().field()).isEqualTo("subject");
    assertThat(outcomes.get(2)).isInstanceOf(PublishOutcome.Written.class);
    assertThat(log.events("orders"))
        .extracting(s -> s.event().id())
        .containsExactlyInAnyOrder("a", "c");
  }

  @Test
  void emptyAndOverLargeBatchesAreRefusedWhole() {
    assertThatThrownBy(() -> service.publishBatch(new PublishBatchCommand("orders", List.of())))
        .isInstanceOfSatisfying(
            PublishRejectedException.class,
            e -> assertThat(e.failure().message()).isEqualTo("events must not be empty"));
    List<EventDraft> four =
        List.of(draft("1", "s"), draft("2", "s"), draft("3", "s"), draft("4", "s"));
    assertThatThrownBy(() -> service.publishBatch(new PublishBatchCommand("orders", four)))
        .isInstanceOfSatisfying(
            PublishRejectedException.class,
            e ->
                assertThat(e.failure().message()).isEqualTo("events has 4 events; the limit is 3"));
    assertThatThrownBy(
            () -> service.publishBatch(new PublishBatchCommand("nope", List.of(draft("1", "s")))))
        .isInstanceOfSatisfying(
            PublishRejectedException.class,
            e -> assertThat(e.failure().reason()).isEqualTo(Reason.UNKNOWN_STREAM));
    assertThat(log.appendCount()).isZero();
  }

  @Test
  void logFailuresBecomeOutcomesThatSayWhetherTheEventWasWritten() {
    log.failWith(new EventLogException(EventLogException.Kind.UNAVAILABLE, "no broker", null));
    assertThat(((PublishOutcome.Failed) publish("orders", draft("e", "s"))).failure().reason())
        .isEqualTo(Reason.UNAVAILABLE);
    log.failWith(new EventLogException(EventLogException.Kind.OUTCOME_UNKNOWN, "timed out", null));
    assertThat(((PublishOutcome.Failed) publish("orders", draft("e", "s"))).failure().reason())
        .isEqualTo(Reason.OUTCOME_UNKNOWN);
    log.failWith(
        new EventLogException(EventLogException.Kind.TOO_LARGE, "too large for the broker", null));
    PublishOutcome.Failed tooLarge = (PublishOutcome.Failed) publish("orders", draft("e", "s"));
    assertThat(tooLarge.failure().reason()).isEqualTo(Reason.INVALID_ARGUMENT);
    assertThat(tooLarge.failure().field()).isEqualTo("data");
  }

  @Test
  void afterStopAcceptingNewEventsAreRefusedAndInFlightOnesStillComplete() throws Exception {
    log.holdAcknowledgements();
    CompletableFuture<PublishOutcome> pending =
        service.publish(new PublishCommand("orders", draft("early", "s"))).toCompletableFuture();
    assertThat(service.inFlight()).isEqualTo(1);

    service.stopAccepting();
    PublishOutcome late = publish("orders", draft("late", "s"));
    assertThat(((PublishOutcome.Failed) late).failure().reason()).isEqualTo(Reason.SHUTTING_DOWN);
    assertThat(service.awaitIdle(Duration.ofMillis(50))).isFalse();

    log.releaseAcknowledgements();
    assertThat(service.awaitIdle(Duration.ofSeconds(5))).isTrue();
    assertThat(pending.join()).isInstanceOf(PublishOutcome.Written.class);
    assertThat(log.events("orders")).extracting(s -> s.event().id()).containsExactly("early");
  }
}
