package io.eventgateway.core.application;

import io.eventgateway.core.application.EventValidator.InvalidEventException;
import io.eventgateway.core.domain.DedupWindow;
import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.EventFingerprint;
import io.eventgateway.core.domain.LogPosition;
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
import io.eventgateway.core.port.out.RecentEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
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

  private final Deduplication deduplication;
  private final Map<String, DedupWindow> windows = new ConcurrentHashMap<>();

  private final AtomicLong inFlight = new AtomicLong();
  private final Object idle = new Object();
  private volatile boolean accepting = true;

  /** A service that does not deduplicate. */
  public PublishEventsService(
      StreamCatalog catalog, EventLog log, EventValidator validator, Clock clock) {
    this(catalog, log, validator, clock, Deduplication.OFF);
  }

  public PublishEventsService(
      StreamCatalog catalog,
      EventLog log,
      EventValidator validator,
      Clock clock,
      Deduplication deduplication) {
    this.catalog = catalog;
    this.log = log;
    this.validator = validator;
    this.clock = clock;
    this.deduplication = deduplication;
  }

  /**
   * Fills the deduplication window of every declared stream from what its log holds of the last
   * {@link Deduplication#window()} (at most {@link Deduplication#maxIdsPerStream()} events per
   * partition), so that a restart does not forget which ids were written. Blocks; call before
   * serving. Does nothing when deduplication is off.
   *
   * @return how many ids the windows remember afterwards
   * @throws io.eventgateway.core.port.out.EventSourceException when a log cannot be read
   */
  public long rebuildDedupWindows(RecentEvents recent) {
    if (!deduplication.enabled()) {
      return 0;
    }
    Instant now = clock.instant();
    long remembered = 0;
    for (StreamDefinition stream : catalog.all()) {
      if (!deduplication.appliesTo(stream.durability())) {
        continue;
      }
      List<FoundId> found = new ArrayList<>();
      recent.read(
          stream,
          now.minus(deduplication.window()),
          deduplication.maxIdsPerStream(),
          delivery ->
              found.add(
                  new FoundId(
                      delivery.event().id(),
                      EventFingerprint.of(delivery.event()),
                      new LogPosition(delivery.partition(), delivery.offset()),
                      delivery.timestamp())));
      // the window forgets oldest first: give it the ids in the order they were written
      found.sort(Comparator.comparing(FoundId::writtenAt));
      DedupWindow window = dedupWindow(stream.name()).orElseThrow();
      for (FoundId id : found) {
        window.remember(id.id(), id.fingerprint(), id.position(), id.writtenAt(), now);
      }
      remembered += window.size();
    }
    return remembered;
  }

  private record FoundId(String id, long fingerprint, LogPosition position, Instant writtenAt) {}

  /** The deduplication window of {@code stream}, created on first use; empty when it is off. */
  public Optional<DedupWindow> dedupWindow(String stream) {
    if (!deduplication.enabled()) {
      return Optional.empty();
    }
    return Optional.of(
        windows.computeIfAbsent(
            stream,
            name -> new DedupWindow(deduplication.window(), deduplication.maxIdsPerStream())));
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
    DedupWindow window =
        draft.id().isEmpty() || !deduplication.appliesTo(stream.durability())
            ? null
            : dedupWindow(stream.name()).orElse(null);
    if (window != null) {
      DedupWindow.Claim claim = window.claim(eventId, EventFingerprint.of(event), clock.instant());
      if (!(claim instanceof DedupWindow.Claimed)) {
        return answerFromWindow(claim, stream, streamName, eventId);
      }
    }
    inFlight.incrementAndGet();
    CompletionStage<PublishOutcome> outcome;
    try {
      outcome =
          log.append(stream, event)
              .handle(
                  (position, error) -> {
                    if (window != null) {
                      // before the answer goes out, so a resend after it finds the id
                      if (error == null) {
                        window.written(eventId, position);
                      } else {
                        window.notWritten(eventId, error);
                      }
                    }
                    done();
                    return error == null
                        ? new PublishOutcome.Written(eventId, streamName, position)
                        : new PublishOutcome.Failed(eventId, streamName, failureOf(error));
                  });
    } catch (RuntimeException unexpected) {
      if (window != null) {
        window.notWritten(eventId, unexpected);
      }
      done();
      return CompletableFuture.completedFuture(
          new PublishOutcome.Failed(eventId, streamName, failureOf(unexpected)));
    }
    return outcome;
  }

  /** The outcome of an event whose id the stream's window already knows. */
  private static CompletionStage<PublishOutcome> answerFromWindow(
      DedupWindow.Claim claim, StreamDefinition stream, String streamName, String eventId) {
    if (claim instanceof DedupWindow.AlreadyWritten written) {
      return CompletableFuture.completedFuture(
          new PublishOutcome.Written(eventId, streamName, written.position(), true));
    }
    if (claim instanceof DedupWindow.BeingWritten pending) {
      return pending
          .outcome()
          .handle(
              (position, error) ->
                  error == null
                      ? new PublishOutcome.Written(eventId, streamName, position, true)
                      : new PublishOutcome.Failed(eventId, streamName, failureOf(error)));
    }
    DedupWindow.Conflict conflict = (DedupWindow.Conflict) claim;
    String where =
        conflict
            .position()
            .map(p -> "written at partition " + p.partition() + " offset " + p.offset())
            .orElse("being written now");
    return CompletableFuture.completedFuture(
        new PublishOutcome.Failed(
            eventId,
            streamName,
            new PublishFailure(
                Reason.ID_CONFLICT,
                "id",
                "'"
                    + eventId
                    + "' was already used on stream '"
                    + stream.name()
                    + "' by an event with different content ("
                    + where
                    + "); this event was not written. A new event needs a new id")));
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
