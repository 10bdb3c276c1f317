package io.eventgateway.grpc.publish;

import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublishResult;
import io.eventgateway.core.port.MemoryBudget;
import io.eventgateway.core.port.in.PublishCommand;
import io.eventgateway.core.port.in.PublishEventsUseCase;
import io.eventgateway.core.port.in.PublishFailure;
import io.eventgateway.core.port.in.PublishOutcome;
import io.eventgateway.grpc.publish.EventMapper.MalformedEventException;
import io.eventgateway.grpc.status.FailureLog;
import io.eventgateway.grpc.status.PublishStatuses;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code PublishStream} call: takes events, publishes each, and sends one response per event in
 * the order the events came, with inbound flow control that bounds the events in flight.
 *
 * <p>Each event gets a slot at the tail of an ordered queue when it arrives; the slot is filled
 * when its outcome is known (on the log's I/O thread, possibly out of order across partitions). A
 * flush hands the filled slots at the head of the queue to gRPC, in order.
 *
 * <p>Flow control: the call asks gRPC for events itself ({@code disableAutoRequest}), within its
 * {@link InboundWindow}: events in the queue plus events asked for never exceed {@code
 * maxInFlight}, and their bytes (an event asked for counts as the largest message) never exceed the
 * call's byte budget nor, beyond one message, the gateway's {@link MemoryBudget}. More are asked
 * for only after a flush made room and while the outbound side {@linkplain
 * ServerCallStreamObserver#isReady() is ready}; the on-ready handler resumes a call that was not,
 * and the gateway's budget resumes a call it stopped. A client that sends fast and never reads
 * therefore stops being read from.
 *
 * <p>Threading: gRPC calls the {@link StreamObserver} methods one at a time. Flushes may be asked
 * for from any thread (gRPC's, the log's I/O thread); the thread that asks while no flush runs runs
 * it, and a thread that asks while one runs leaves its work to it (a work counter coalesces them),
 * so every call of the response observer is serialized and no thread ever waits for another. A
 * flush does not block: it hands responses to gRPC, which queues them for the transport. After the
 * call is closed (completed, failed or cancelled) nothing is sent and late outcomes are dropped.
 */
final class PublishStreamCall implements StreamObserver<PublishRequest> {
  private static final Logger LOGGER = LoggerFactory.getLogger(PublishStreamCall.class);

  /** The description of the status that ends a call when the gateway drains. */
  static final String CLOSING_DESCRIPTION = "gateway is shutting down; reconnect";

  private static final String METHOD = "PublishStream";

  private static final PublishFailure SHUTTING_DOWN =
      PublishFailure.of(
          PublishFailure.Reason.SHUTTING_DOWN,
          "gateway is shutting down; the event was not written; send it again on a new call");

  private final PublishEventsUseCase publishing;
  private final ServerCallStreamObserver<PublishResponse> responses;
  private final InboundWindow window;
  private final MemoryBudget budget;
  private final int requestBatch;
  private final Consumer<PublishStreamCall> onClosed;
  private final String requestId;
  private final FailureLog failures;

  private final Object lock = new Object();

  /** Events taken whose responses are not handed to gRPC yet, in arrival order. */
  private final ArrayDeque<Slot> slots = new ArrayDeque<>();

  /** Whether the call waits for room in the gateway's budget. */
  private final AtomicBoolean waitingForRoom = new AtomicBoolean();

  /** Whether the call is over: no event is taken and no response sent any more. */
  private boolean closed;

  private volatile boolean halfClosed;
  private volatile boolean cancelled;
  private volatile boolean shuttingDown;

  /** Flushes asked for and not yet run; the thread that raises it from 0 runs the flush loop. */
  private final AtomicInteger flushRequests = new AtomicInteger();

  PublishStreamCall(
      PublishEventsUseCase publishing,
      ServerCallStreamObserver<PublishResponse> responses,
      InboundWindow window,
      MemoryBudget budget,
      Consumer<PublishStreamCall> onClosed,
      String requestId,
      FailureLog failures) {
    this.publishing = publishing;
    this.responses = responses;
    this.window = window;
    this.budget = budget;
    this.requestBatch = Math.max(1, window.maxOutstanding() / 4);
    this.onClosed = onClosed;
    this.requestId = requestId;
    this.failures = failures;
  }

  /** Sets the call up; must run inside the service method, before it returns. */
  void start() {
    responses.disableAutoRequest();
    responses.setOnCancelHandler(this::cancel);
    responses.setOnReadyHandler(this::requestFlush);
    int first;
    synchronized (lock) {
      first = window.grant(0, 1);
    }
    responses.request(first);
  }

  /**
   * Stops taking events: events that still come get an UNAVAILABLE result, and once every response
   * is sent the call ends with UNAVAILABLE "gateway is shutting down; reconnect". Thread-safe.
   */
  void shutdown() {
    shuttingDown = true;
    requestFlush();
  }

  @Override
  public void onNext(PublishRequest request) {
    Slot slot = new Slot(request.getSerializedSize());
    boolean askForMore;
    synchronized (lock) {
      if (closed) {
        return;
      }
      window.received(slot.bytes);
      slots.addLast(slot);
      // read ahead while the events taken are written, when the window has room worth asking for
      askForMore = window.outstanding() <= window.maxOutstanding() - requestBatch;
    }
    if (shuttingDown) {
      fill(slot, failed(request, SHUTTING_DOWN));
      return;
    }
    PublishCommand command;
    try {
      command = EventMapper.toCommand(request);
    } catch (MalformedEventException malformed) {
      fill(slot, failed(request, malformed.failure()));
      return;
    }
    CompletionStage<PublishOutcome> outcome;
    try {
      outcome = publishing.publish(command);
    } catch (RuntimeException unexpected) {
      LOGGER.error("publishing an event of a PublishStream call failed unexpectedly", unexpected);
      fill(slot, failed(request, PublishStatuses.UNEXPECTED));
      return;
    }
    outcome.whenComplete(
        (published, error) -> {
          PublishResult result;
          try {
            if (error != null) {
              result = failedUnexpectedly(request, error);
            } else {
              if (published instanceof PublishOutcome.Failed failed) {
                failures.publishFailed(
                    METHOD,
                    failed.stream(),
                    failed.failure(),
                    PublishStatuses.EVENT_PATH,
                    requestId);
              }
              result = EventMapper.toResult(published, PublishStatuses.EVENT_PATH, requestId);
            }
          } catch (RuntimeException unexpected) {
            result = failedUnexpectedly(request, unexpected);
          }
          fill(slot, result);
        });
    if (askForMore) {
      requestFlush();
    }
  }

  @Override
  public void onError(Throwable error) {
    cancel();
  }

  @Override
  public void onCompleted() {
    halfClosed = true;
    requestFlush();
  }

  private void cancel() {
    cancelled = true;
    requestFlush();
  }

  private void fill(Slot slot, PublishResult result) {
    synchronized (lock) {
      if (!closed) {
        window.done(slot.bytes);
      }
    }
    slot.response = PublishResponse.newBuilder().setResult(result).build();
    requestFlush();
  }

  private void requestFlush() {
    if (flushRequests.getAndIncrement() == 0) {
      flushLoop();
    }
  }

  private void flushLoop() {
    int requested = 1;
    do {
      try {
        flush();
      } catch (RuntimeException unexpected) {
        LOGGER.error(
            "a PublishStream call failed unexpectedly; closing it: request_id={}",
            requestId,
            unexpected);
        failCall();
      }
      requested = flushRequests.addAndGet(-requested);
    } while (requested != 0);
  }

  private void failCall() {
    if (close()) {
      try {
        responses.onError(
            Status.INTERNAL.withDescription("unexpected failure in the gateway").asException());
      } catch (RuntimeException closedMeanwhile) {
        LOGGER.debug("could not fail a PublishStream call", closedMeanwhile);
      }
    }
  }

  /** Runs one flush; only ever one at a time per call. */
  private void flush() {
    if (cancelled) {
      close();
      return;
    }
    while (true) {
      PublishResponse next;
      synchronized (lock) {
        if (closed) {
          return;
        }
        Slot head = slots.peekFirst();
        if (head == null || head.response == null) {
          break;
        }
        slots.removeFirst();
        next = head.response;
      }
      responses.onNext(next);
    }
    boolean idle;
    synchronized (lock) {
      idle = slots.isEmpty();
    }
    if (idle && halfClosed) {
      if (close()) {
        responses.onCompleted();
      }
    } else if (idle && shuttingDown) {
      if (close()) {
        responses.onError(Status.UNAVAILABLE.withDescription(CLOSING_DESCRIPTION).asException());
      }
    } else if (!halfClosed && !shuttingDown) {
      requestMore();
    }
  }

  /** Asks gRPC for as many events as there is room for, when that is worth a request. */
  private void requestMore() {
    if (!responses.isReady()) {
      return; // the on-ready handler flushes again when the client reads
    }
    int more;
    boolean blocked;
    synchronized (lock) {
      if (closed) {
        return;
      }
      more = window.grant(slots.size(), requestBatch);
      blocked = more == 0 && window.blockedByGateway(slots.size());
    }
    if (more > 0) {
      responses.request(more);
    } else if (blocked && waitingForRoom.compareAndSet(false, true)) {
      budget.whenRoom(
          window.maxMessageBytes(),
          () -> {
            waitingForRoom.set(false);
            requestFlush();
          });
    }
  }

  /** Ends the call's life: takes no more events, drops pending responses. Whether it was open. */
  private boolean close() {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      closed = true;
      slots.clear();
      window.close();
    }
    onClosed.accept(this);
    return true;
  }

  /** The result of an event that failed with {@code failure}; the failure is logged. */
  private PublishResult failed(PublishRequest request, PublishFailure failure) {
    failures.publishFailed(
        METHOD, request.getStream(), failure, PublishStatuses.EVENT_PATH, requestId);
    return EventMapper.toResult(
        request.getEvent().getId(),
        request.getStream(),
        failure,
        PublishStatuses.EVENT_PATH,
        requestId);
  }

  private PublishResult failedUnexpectedly(PublishRequest request, Throwable error) {
    LOGGER.error(
        "publishing an event of a PublishStream call failed unexpectedly: request_id={}",
        requestId,
        error);
    return failed(request, PublishStatuses.UNEXPECTED);
  }

  /** The place of one event in the call's order; filled once with its response. */
  private static final class Slot {
    /** The event's size as received, held in the call's window until its outcome is known. */
    final long bytes;

    volatile PublishResponse response;

    Slot(long bytes) {
      this.bytes = bytes;
    }
  }
}
