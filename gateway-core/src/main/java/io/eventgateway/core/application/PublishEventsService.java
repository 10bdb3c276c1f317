package io.eventgateway.core.application;

import io.eventgateway.core.application.EventValidator.InvalidEventException;
import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.domain.StreamNames;
import io.eventgateway.core.port.in.EventDraft;
import io.eventgateway.core.port.in.PublishBatchCommand;
import io.eventgateway.core.port.in.PublishCommand;
import io.eventgateway.core.port.in.PublishEventsUseCase;
import io.eventgateway.core.port.in.PublishFailure;
import io.eventgateway.core.port.in.PublishFailure.Reason;
import io.eventgateway.core.port.in.PublishOutcome;
import io.eventgateway.core.port.in.PublishRejectedException;
import io.eventgateway.core.port.out.EventLog;
import io.eventgateway.core.port.out.EventLogException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes events: resolves the stream in the catalogue, validates, appends to the {@link
 * EventLog}, and turns every failure into an outcome. Tracks events in flight so a shutdown can
 * wait for them.
 *
 * <p>Thread-safe. Does no I/O itself and never blocks, except in {@link #awaitIdle}.
 */
public final class PublishEventsService implements PublishEventsUseCase {
  private final StreamCatalog catalog;
  private final EventLog log;
  private final EventValidator validator;
  private final Clock clock;

  private final AtomicLong inFlight = new AtomicLong();
  private final Object idle = new Object();
  private volatile boolean accepting = true;

  public PublishEventsService(
      StreamCatalog catalog, EventLog log, EventValidator validator, Clock clock) {
    this.catalog = catalog;
    this.log = log;
    this.validator = validator;
    this.clock = clock;
  }

  @Override
  public CompletionStage<PublishOutcome> publish(PublishCommand command) {
    String eventId = eventId(command.event());
    StreamDefinition stream;
    try {
      stream = resolve(command.stream());
    } catch (PublishRejectedException rejected) {
      return CompletableFuture.completedFuture(
          new PublishOutcome.Failed(eventId, command.stream(), rejected.failure()));
    }
    return append(stream, command.stream(), command.event(), eventId);
  }

  @Override
  public CompletionStage<List<PublishOutcome>> publishBatch(PublishBatchCommand command) {
    List<EventDraft> drafts = command.events();
    if (drafts.isEmpty()) {
      throw new PublishRejectedException(
          new PublishFailure(Reason.INVALID_ARGUMENT, "events", "must not be empty"));
    }
    int max = validator.limits().maxBatchEvents();
    if (drafts.size() > max) {
      throw new PublishRejectedException(
          new PublishFailure(
              Reason.INVALID_ARGUMENT,
              "events",
              "has " + drafts.size() + " events; the limit is " + max));
    }
    StreamDefinition stream = resolve(command.stream());
    List<CompletableFuture<PublishOutcome>> outcomes = new ArrayList<>(drafts.size());
    for (EventDraft draft : drafts) {
      outcomes.add(append(stream, command.stream(), draft, eventId(draft)).toCompletableFuture());
    }
    return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
        .thenApply(done -> outcomes.stream().map(CompletableFuture::join).toList());
  }

  /**
   * Stops taking new events: from now on every publish fails with {@link Reason#SHUTTING_DOWN}.
   * Events already accepted are still written and acknowledged.
   */
  public void stopAccepting() {
    accepting = false;
  }

  /** Events accepted whose write has not completed yet. */
  public long inFlight() {
    return inFlight.get();
  }

  /**
   * Waits until no event is in flight, at most {@code timeout}.
   *
   * @return whether none is in flight
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (inFlight.get() > 0) {
        long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
        if (remainingMillis <= 0) {
          return false;
        }
        idle.wait(remainingMillis);
      }
      return true;
    }
  }

  private StreamDefinition resolve(String name) {
    if (!accepting) {
      throw new PublishRejectedException(
          PublishFailure.of(
              Reason.SHUTTING_DOWN, "the gateway is shutting down; retry on another instance"));
    }
    // a declared stream's name is valid: the name rules are only read for a name not found
    Optional<StreamDefinition> declared = catalog.find(name);
    if (declared.isPresent()) {
      return declared.get();
    }
    var problem = StreamNames.problemWith(name);
    if (problem.isPresent()) {
      throw new PublishRejectedException(
          new PublishFailure(Reason.INVALID_ARGUMENT, "stream", problem.get()));
    }
    throw new PublishRejectedException(
        new PublishFailure(
            Reason.UNKNOWN_STREAM, "stream", "'" + name + "' is not a declared stream"));
  }

  private CompletionStage<PublishOutcome> append(
      StreamDefinition stream, String streamName, EventDraft draft, String eventId) {
    Event event;
    try {
      event = validator.validate(draft, eventId, clock.instant());
    } catch (InvalidEventException invalid) {
      return CompletableFuture.completedFuture(
          new PublishOutcome.Failed(eventId, streamName, invalid.failure()));
    }
    if (!accepting) {
      return CompletableFuture.completedFuture(
          new PublishOutcome.Failed(
              eventId,
              streamName,
              PublishFailure.of(
                  Reason.SHUTTING_DOWN,
                  "the gateway is shutting down; retry on another instance")));
    }
    inFlight.incrementAndGet();
    CompletionStage<PublishOutcome> outcome;
    try {
      outcome =
          log.append(stream, event)
              .handle(
                  (position, error) -> {
                    done();
                    return error == null
                        ? new PublishOutcome.Written(eventId, streamName, position)
                        : new PublishOutcome.Failed(eventId, streamName, failureOf(error));
                  });
    } catch (RuntimeException unexpected) {
      done();
      return CompletableFuture.completedFuture(
          new PublishOutcome.Failed(eventId, streamName, failureOf(unexpected)));
    }
    return outcome;
  }

  private void done() {
    if (inFlight.decrementAndGet() == 0 && !accepting) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  private static String eventId(EventDraft draft) {
    return draft.id().isEmpty() ? EventIds.random() : draft.id();
  }

  static PublishFailure failureOf(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof EventLogException logFailure) {
      return switch (logFailure.kind()) {
        case UNAVAILABLE -> PublishFailure.of(Reason.UNAVAILABLE, logFailure.getMessage());
        case OUTCOME_UNKNOWN -> PublishFailure.of(Reason.OUTCOME_UNKNOWN, logFailure.getMessage());
        case TOO_LARGE ->
            new PublishFailure(Reason.INVALID_ARGUMENT, "data", logFailure.getMessage());
        case FAILED -> PublishFailure.of(Reason.INTERNAL, logFailure.getMessage());
      };
    }
    return PublishFailure.of(Reason.INTERNAL, "unexpected failure: " + cause);
  }
}
