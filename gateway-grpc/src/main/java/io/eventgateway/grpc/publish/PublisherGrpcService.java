package io.eventgateway.grpc.publish;

import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishBatchRequest;
import io.eventgateway.api.v1.PublishBatchResponse;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublishResult;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.core.port.MemoryBudget;
import io.eventgateway.core.port.in.EventDraft;
import io.eventgateway.core.port.in.PublishBatchCommand;
import io.eventgateway.core.port.in.PublishCommand;
import io.eventgateway.core.port.in.PublishEventsUseCase;
import io.eventgateway.core.port.in.PublishFailure;
import io.eventgateway.core.port.in.PublishOutcome;
import io.eventgateway.core.port.in.PublishRejectedException;
import io.eventgateway.grpc.publish.EventMapper.MalformedEventException;
import io.eventgateway.grpc.status.FailureLog;
import io.eventgateway.grpc.status.PublishStatuses;
import io.eventgateway.grpc.tracking.OpenCalls;
import io.eventgateway.grpc.tracking.RequestIds;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code eventgateway.v1.PublisherService}: maps requests to the {@link PublishEventsUseCase}
 * and its outcomes to responses and statuses.
 *
 * <ul>
 *   <li>{@code Publish}: OK with the event's place, or the call fails with the event's status.
 *   <li>{@code PublishBatch}: the call fails only when the batch is refused as a whole; otherwise
 *       one result per event, in request order, each with its own status.
 *   <li>{@code PublishStream}: one response per event in the order sent, per-event failures as
 *       results, at most {@link PublisherSettings#maxInFlightPerCall()} events in flight per call.
 * </ul>
 *
 * <p>Failures are logged by a {@link FailureLog}: the gateway's and Kafka's at WARN, at most one
 * line per stream and reason per ten seconds; the client's at DEBUG. Each carries the call's
 * request id, captured on the handler thread ({@link RequestIds#current()}) since the outcome
 * completes on another.
 *
 * <p>Threading: handlers on the server's handler pool, responses written on the thread that
 * completes the publishing, as the {@linkplain io.eventgateway.grpc.publish package} says.
 * Thread-safe.
 */
public final class PublisherGrpcService extends PublisherServiceGrpc.PublisherServiceImplBase {
  private static final Logger LOGGER = LoggerFactory.getLogger(PublisherGrpcService.class);

  private final PublishEventsUseCase publishing;
  private final PublisherSettings settings;
  private final MemoryBudget budget;
  private final OpenCalls<PublishStreamCall> openStreamCalls =
      new OpenCalls<>(PublishStreamCall::shutdown);
  private final FailureLog failures = new FailureLog(LOGGER);

  /**
   * A service publishing through {@code publishing}, whose calls hold the bytes of their events in
   * {@code budget}: a {@code PublishStream} call reads only while its window and the budget have
   * room; a unary call, which gRPC has read whole before the service sees it, counts its request
   * until it is answered.
   */
  public PublisherGrpcService(
      PublishEventsUseCase publishing, PublisherSettings settings, MemoryBudget budget) {
    this.publishing = Objects.requireNonNull(publishing, "publishing");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.budget = Objects.requireNonNull(budget, "budget");
  }

  @Override
  public void publish(PublishRequest request, StreamObserver<PublishResponse> observer) {
    ignoreLateResponsesAfterCancel(observer);
    StreamObserver<PublishResponse> responseObserver = held(request.getSerializedSize(), observer);
    String requestId = RequestIds.current();
    PublishCommand command;
    try {
      command = EventMapper.toCommand(request);
    } catch (MalformedEventException malformed) {
      fail(responseObserver, "Publish", request.getStream(), malformed.failure(), requestId);
      return;
    }
    CompletionStage<PublishOutcome> outcome;
    try {
      outcome = publishing.publish(command);
    } catch (RuntimeException unexpected) {
      LOGGER.error("Publish failed unexpectedly", unexpected);
      fail(responseObserver, "Publish", request.getStream(), PublishStatuses.UNEXPECTED, requestId);
      return;
    }
    outcome.whenComplete(
        (published, error) ->
            respond(
                responseObserver,
                requestId,
                () -> respondToPublish(request, published, error, responseObserver, requestId)));
  }

  private void respondToPublish(
      PublishRequest request,
      PublishOutcome outcome,
      Throwable error,
      StreamObserver<PublishResponse> responseObserver,
      String requestId) {
    if (error != null) {
      LOGGER.error("Publish failed unexpectedly: request_id={}", requestId, error);
      fail(responseObserver, "Publish", request.getStream(), PublishStatuses.UNEXPECTED, requestId);
    } else if (outcome instanceof PublishOutcome.Failed failed) {
      fail(responseObserver, "Publish", failed.stream(), failed.failure(), requestId);
    } else {
      responseObserver.onNext(
          PublishResponse.newBuilder()
              .setResult(EventMapper.toResult(outcome, PublishStatuses.EVENT_PATH, requestId))
              .build());
      responseObserver.onCompleted();
    }
  }

  /** Fails a {@code Publish} call with {@code failure}, and logs it. */
  private void fail(
      StreamObserver<PublishResponse> responseObserver,
      String method,
      String stream,
      PublishFailure failure,
      String requestId) {
    failures.publishFailed(method, stream, failure, PublishStatuses.EVENT_PATH, requestId);
    responseObserver.onError(
        PublishStatuses.toException(failure, PublishStatuses.EVENT_PATH, requestId));
  }

  @Override
  public void publishBatch(
      PublishBatchRequest request, StreamObserver<PublishBatchResponse> observer) {
    ignoreLateResponsesAfterCancel(observer);
    StreamObserver<PublishBatchResponse> responseObserver =
        held(request.getSerializedSize(), observer);
    String requestId = RequestIds.current();
    List<Event> events = request.getEventsList();
    PublishResult[] results = new PublishResult[events.size()];
    List<EventDraft> drafts = new ArrayList<>(events.size());
    int[] draftIndexes = new int[events.size()];
    for (int i = 0; i < events.size(); i++) {
      try {
        drafts.add(EventMapper.toDraft(events.get(i)));
        draftIndexes[drafts.size() - 1] = i;
      } catch (MalformedEventException malformed) {
        String path = PublishStatuses.batchEventPath(i);
        failures.publishFailed(
            "PublishBatch", request.getStream(), malformed.failure(), path, requestId);
        results[i] =
            EventMapper.toResult(
                events.get(i).getId(), request.getStream(), malformed.failure(), path, requestId);
      }
    }
    if (drafts.isEmpty() && !events.isEmpty()) {
      // every event is malformed: nothing to ask of the core
      respondToBatch(results, responseObserver);
      return;
    }
    CompletionStage<List<PublishOutcome>> outcomes;
    try {
      outcomes = publishing.publishBatch(new PublishBatchCommand(request.getStream(), drafts));
    } catch (PublishRejectedException rejected) {
      failBatch(responseObserver, request.getStream(), rejected.failure(), requestId);
      return;
    } catch (RuntimeException unexpected) {
      LOGGER.error("PublishBatch failed unexpectedly", unexpected);
      failBatch(responseObserver, request.getStream(), PublishStatuses.UNEXPECTED, requestId);
      return;
    }
    outcomes.whenComplete(
        (published, error) ->
            respond(
                responseObserver,
                requestId,
                () -> {
                  if (error != null) {
                    LOGGER.error(
                        "PublishBatch failed unexpectedly: request_id={}", requestId, error);
                    failBatch(
                        responseObserver,
                        request.getStream(),
                        PublishStatuses.UNEXPECTED,
                        requestId);
                    return;
                  }
                  for (int k = 0; k < published.size(); k++) {
                    int index = draftIndexes[k];
                    PublishOutcome outcome = published.get(k);
                    if (outcome instanceof PublishOutcome.Failed failed) {
                      failures.publishFailed(
                          "PublishBatch",
                          failed.stream(),
                          failed.failure(),
                          PublishStatuses.batchEventPath(index),
                          requestId);
                    }
                    results[index] =
                        EventMapper.toResult(
                            outcome, PublishStatuses.batchEventPath(index), requestId);
                  }
                  respondToBatch(results, responseObserver);
                }));
  }

  /** Fails a {@code PublishBatch} call as a whole with {@code failure}, and logs it. */
  private void failBatch(
      StreamObserver<PublishBatchResponse> responseObserver,
      String stream,
      PublishFailure failure,
      String requestId) {
    failures.publishFailed("PublishBatch", stream, failure, "", requestId);
    responseObserver.onError(PublishStatuses.toException(failure, "", requestId));
  }

  private static void respondToBatch(
      PublishResult[] results, StreamObserver<PublishBatchResponse> responseObserver) {
    responseObserver.onNext(
        PublishBatchResponse.newBuilder().addAllResults(Arrays.asList(results)).build());
    responseObserver.onCompleted();
  }

  @Override
  public StreamObserver<PublishRequest> publishStream(
      StreamObserver<PublishResponse> responseObserver) {
    PublishStreamCall call =
        new PublishStreamCall(
            publishing,
            (ServerCallStreamObserver<PublishResponse>) responseObserver,
            new InboundWindow(
                settings.maxInFlightPerCall(),
                settings.maxInFlightBytesPerCall(),
                settings.maxMessageBytes(),
                budget),
            budget,
            openStreamCalls::closed,
            RequestIds.current(),
            failures);
    openStreamCalls.open(call, call::start);
    return call;
  }

  /**
   * Tells every open {@code PublishStream} call, and every one that opens from now on, to stop
   * taking events: events that still come get an UNAVAILABLE result; once a call's responses are
   * sent it ends with UNAVAILABLE "gateway is shutting down; reconnect". Unary calls are not
   * affected (the server refuses new ones once it is shut down). Returns at once; thread-safe.
   */
  public void shutdownStreams() {
    openStreamCalls.shutdownAll();
  }

  /** The {@code PublishStream} calls open now. */
  public int openStreamCalls() {
    return openStreamCalls.size();
  }

  /** The settings this service runs with. */
  public PublisherSettings settings() {
    return settings;
  }

  /** Writes a unary response here, on the thread that completed the publishing. */
  private static void respond(
      StreamObserver<?> responseObserver, String requestId, Runnable response) {
    try {
      response.run();
    } catch (RuntimeException unexpected) {
      LOGGER.error(
          "could not send a response; failing the call: request_id={}", requestId, unexpected);
      try {
        responseObserver.onError(
            PublishStatuses.toException(PublishStatuses.UNEXPECTED, "", requestId));
      } catch (RuntimeException closed) {
        // the call is over already: nothing more can be told to the client
        unexpected.addSuppressed(closed);
      }
    }
  }

  /** {@code observer}, counting {@code bytes} in the budget until the call is answered. */
  private <T> StreamObserver<T> held(long bytes, StreamObserver<T> observer) {
    budget.reserveAnyway(bytes);
    return new StreamObserver<>() {
      private boolean answered;

      @Override
      public void onNext(T value) {
        observer.onNext(value);
      }

      @Override
      public void onError(Throwable error) {
        release();
        observer.onError(error);
      }

      @Override
      public void onCompleted() {
        release();
        observer.onCompleted();
      }

      private void release() {
        if (!answered) {
          answered = true;
          budget.release(bytes);
        }
      }
    };
  }

  /** A response that comes after the client cancelled is dropped rather than thrown. */
  private static void ignoreLateResponsesAfterCancel(StreamObserver<?> responseObserver) {
    if (responseObserver instanceof ServerCallStreamObserver<?> call) {
      call.setOnCancelHandler(() -> {});
    }
  }
}
