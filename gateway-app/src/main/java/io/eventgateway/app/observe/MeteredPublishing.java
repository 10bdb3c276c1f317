package io.eventgateway.app.observe;

import io.eventgateway.app.observe.PublishMeters.StreamMeters;
import io.eventgateway.core.port.in.EventDraft;
import io.eventgateway.core.port.in.PublishBatchCommand;
import io.eventgateway.core.port.in.PublishCommand;
import io.eventgateway.core.port.in.PublishEventsUseCase;
import io.eventgateway.core.port.in.PublishFailure;
import io.eventgateway.core.port.in.PublishOutcome;
import io.eventgateway.core.port.in.PublishRejectedException;
import io.eventgateway.grpc.status.PublishStatuses;
import io.grpc.Status;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;

/**
 * The publish use case, counted: every event's outcome by stream, class and the gRPC status its
 * publisher gets, the data bytes written, resends answered as duplicates, and the time from the
 * gateway taking the event to its outcome. A batch refused as a whole counts each of its events.
 *
 * <p>Thread-safe; adds no blocking and no ordering of its own.
 */
public final class MeteredPublishing implements PublishEventsUseCase {
  /** The MDC key under which the gRPC adapter keeps the call's request id. */
  static final String REQUEST_ID = "request_id";

  private final PublishEventsUseCase delegate;
  private final PublishMeters meters;
  private final RecentErrors recentErrors;

  MeteredPublishing(
      PublishEventsUseCase delegate, PublishMeters meters, RecentErrors recentErrors) {
    this.delegate = delegate;
    this.meters = meters;
    this.recentErrors = recentErrors;
  }

  @Override
  public CompletionStage<PublishOutcome> publish(PublishCommand command) {
    long started = System.nanoTime();
    StreamMeters stream = meters.of(command.stream());
    int bytes = command.event().data().size();
    String requestId = MDC.get(REQUEST_ID);
    CompletionStage<PublishOutcome> outcome = delegate.publish(command);
    // beside the caller's own actions on the stage, not in front of them: no extra stage to pass
    // through; it runs after them, so the time includes handing the answer to gRPC
    CompletionStage<PublishOutcome> unused =
        outcome.whenComplete((result, error) -> record(stream, result, bytes, started, requestId));
    return outcome;
  }

  @Override
  public CompletionStage<List<PublishOutcome>> publishBatch(PublishBatchCommand command) {
    long started = System.nanoTime();
    StreamMeters stream = meters.of(command.stream());
    List<EventDraft> events = command.events();
    String requestId = MDC.get(REQUEST_ID);
    CompletionStage<List<PublishOutcome>> outcomes;
    try {
      outcomes = delegate.publishBatch(command);
    } catch (PublishRejectedException rejected) {
      counter(stream, rejected.failure()).increment(events.size());
      remember(command.stream(), rejected.failure(), requestId);
      throw rejected;
    }
    CompletionStage<List<PublishOutcome>> unused =
        outcomes.whenComplete(
            (results, error) -> {
              if (results != null) {
                for (int i = 0; i < results.size(); i++) {
                  record(stream, results.get(i), events.get(i).data().size(), started, requestId);
                }
              }
            });
    return outcomes;
  }

  private void record(
      StreamMeters stream, PublishOutcome outcome, int bytes, long started, String requestId) {
    if (outcome == null) {
      return; // the use case never fails its stage; nothing to count if it ever did
    }
    stream.publishDuration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    if (outcome instanceof PublishOutcome.Written written) {
      stream.events(0, "OK").increment();
      if (written.duplicate()) {
        stream.duplicates.increment();
      } else {
        stream.bytes.increment(bytes);
      }
    } else {
      PublishFailure failure = ((PublishOutcome.Failed) outcome).failure();
      counter(stream, failure).increment();
      remember(outcome.stream(), failure, requestId);
    }
  }

  private void remember(String stream, PublishFailure failure, String requestId) {
    recentErrors.add(
        Instant.now(),
        stream,
        PublishStatuses.code(failure.reason()).name(),
        failure.message(),
        requestId);
  }

  private static io.micrometer.core.instrument.Counter counter(
      StreamMeters stream, PublishFailure failure) {
    Status.Code code = PublishStatuses.code(failure.reason());
    return stream.events(code.value(), code.name());
  }
}
