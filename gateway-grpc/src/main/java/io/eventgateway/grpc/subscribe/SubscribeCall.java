package io.eventgateway.grpc.subscribe;

import io.eventgateway.api.v1.Acknowledgement;
import io.eventgateway.api.v1.Delivery;
import io.eventgateway.api.v1.DeliveryPosition;
import io.eventgateway.api.v1.SubscribeRequest;
import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.core.port.in.RequestRejectedException;
import io.eventgateway.core.port.in.SubscribeCommand;
import io.eventgateway.core.port.in.SubscribeUseCase;
import io.eventgateway.core.port.in.Subscriber;
import io.eventgateway.core.port.in.Subscription;
import io.eventgateway.grpc.status.FailureLog;
import io.eventgateway.grpc.status.RequestStatuses;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code Subscribe} call: opens a subscription with its first request, sends the subscription's
 * deliveries, hands the client's acknowledgements to it in the order they come, and ends the
 * subscription when the call ends (and the call when the subscription ends).
 *
 * <p>Flow control, outbound: the call asks the core for deliveries itself ({@link
 * Subscription#request(long)}) and counts those asked for and not yet received. It tops them up to
 * the delivery batch once half of them came, and only while gRPC says the client {@linkplain
 * ServerCallStreamObserver#isReady() takes more}; the on-ready handler resumes a call that stopped.
 * As the core delivers nothing it was not asked for, a client that stops reading stops the reading,
 * and what the gateway holds for it is bounded by gRPC's buffer plus one batch.
 *
 * <p>Flow control, inbound: gRPC's automatic one-message-at-a-time reading; an acknowledgement is
 * handed to the core before the next request is read, so acks reach the subscription in order.
 *
 * <p>Threading: gRPC calls the {@link StreamObserver} methods and the cancel and ready handlers one
 * at a time; the core calls the {@link Subscriber} methods on a thread of its own; {@link
 * #shutdown()} comes from the thread that drains the gateway. Every call into the response observer
 * happens under one lock (never held while calling the core), so they are serialized; once the call
 * is closed nothing more is sent.
 *
 * <p>How the call ends:
 *
 * <ul>
 *   <li>the client half-closes: the subscription is cancelled; once the core ends it (having
 *       committed what was acknowledged), the call completes;
 *   <li>the client cancels: the subscription is cancelled; nothing more is sent;
 *   <li>the core ends the subscription with a failure: the call fails with its status; without a
 *       failure (the core stopped it while the client still reads): UNAVAILABLE, subscribe again;
 *   <li>a malformed request (not a subscribe first, a second subscribe, an ack of an offset never
 *       delivered): the subscription is cancelled and the call fails with INVALID_ARGUMENT;
 *   <li>the gateway drains: the subscription is cancelled and the call fails with UNAVAILABLE
 *       {@value #CLOSING_DESCRIPTION}.
 * </ul>
 */
final class SubscribeCall implements StreamObserver<SubscribeRequest>, Subscriber {
  private static final Logger LOGGER = LoggerFactory.getLogger(SubscribeCall.class);

  /** The description of the status that ends a call when the gateway drains. */
  static final String CLOSING_DESCRIPTION = "gateway is shutting down; subscribe again";

  private static final String METHOD = "Subscribe";

  /** The description of the status that ends a call whose first request is not a subscribe. */
  static final String FIRST_REQUEST_DESCRIPTION = "the first request must be a subscribe";

  private final SubscribeUseCase subscribing;
  private final ServerCallStreamObserver<Delivery> responses;
  private final int deliveryBatch;
  private final int lowWatermark;
  private final Consumer<SubscribeCall> onClosed;
  private final String requestId;
  private final FailureLog failures;

  /** The stream of the subscribe request; empty before it came. For the log. */
  private volatile String stream = "";

  /** Whether the first request came. Touched only by gRPC's serialized inbound callbacks. */
  private boolean started;

  private final Object lock = new Object();

  /** The open subscription; null until the core opened it. Guarded by {@link #lock}. */
  private Subscription subscription;

  /** Deliveries asked of the core and not yet received. Guarded by {@link #lock}. */
  private long outstanding;

  /** The client half-closed or cancelled. Guarded by {@link #lock}. */
  private boolean clientDone;

  /** The status the gateway is ending the call with, once it decided to. Guarded by lock. */
  private StatusRuntimeException ending;

  /** Nothing is sent any more. Guarded by {@link #lock}. */
  private boolean closed;

  SubscribeCall(
      SubscribeUseCase subscribing,
      ServerCallStreamObserver<Delivery> responses,
      int deliveryBatch,
      Consumer<SubscribeCall> onClosed,
      String requestId,
      FailureLog failures) {
    this.subscribing = subscribing;
    this.responses = responses;
    this.deliveryBatch = deliveryBatch;
    this.lowWatermark = deliveryBatch / 2;
    this.onClosed = onClosed;
    this.requestId = requestId;
    this.failures = failures;
  }

  /** Sets the call up; must run inside the service method, before it returns. */
  void start() {
    responses.setOnCancelHandler(this::clientCancelled);
    responses.setOnReadyHandler(this::requestDeliveries);
  }

  /**
   * Cancels the subscription, then ends the call with UNAVAILABLE {@value #CLOSING_DESCRIPTION}.
   * Thread-safe; returns at once.
   */
  void shutdown() {
    end(Status.UNAVAILABLE.withDescription(CLOSING_DESCRIPTION).asRuntimeException());
  }

  // ---- requests, on gRPC's serialized inbound callbacks

  @Override
  public void onNext(SubscribeRequest request) {
    if (isEnding()) {
      return;
    }
    boolean first = !started;
    started = true;
    switch (request.getRequestCase()) {
      case SUBSCRIBE -> {
        if (first) {
          subscribe(request.getSubscribe());
        } else {
          end(invalid("subscribe", "is allowed only as the first request of a call"));
        }
      }
      case ACK -> {
        if (first) {
          end(invalid("", FIRST_REQUEST_DESCRIPTION));
        } else {
          acknowledge(request.getAck());
        }
      }
      case REQUEST_NOT_SET ->
          end(
              first
                  ? invalid("", FIRST_REQUEST_DESCRIPTION)
                  : invalid("ack", "is required: every request after the first is an ack"));
    }
  }

  @Override
  public void onError(Throwable error) {
    clientCancelled();
  }

  @Override
  public void onCompleted() {
    Subscription current;
    synchronized (lock) {
      clientDone = true;
      if (closed || ending != null) {
        return;
      }
      current = subscription;
    }
    if (current == null) {
      // no subscribe came: nothing was asked, nothing to end
      close(null);
    } else {
      cancelQuietly(current); // the core ends it, then onEnd completes the call
    }
  }

  private void clientCancelled() {
    Subscription current;
    boolean wasOpen;
    synchronized (lock) {
      clientDone = true;
      wasOpen = !closed;
      closed = true;
      outstanding = 0;
      current = subscription;
    }
    if (current != null) {
      cancelQuietly(current);
    }
    if (wasOpen) {
      onClosed.accept(this);
    }
  }

  private void subscribe(io.eventgateway.api.v1.Subscription request) {
    stream = request.getStream();
    Subscription opened;
    try {
      SubscribeCommand command = SubscribeMapper.toCommand(request);
      opened = subscribing.subscribe(command, this);
    } catch (RequestRejectedException rejected) {
      failures.requestFailed(METHOD, stream, rejected.failure(), requestId);
      close(RequestStatuses.toException(rejected.failure(), RequestStatuses.SUBSCRIBE_PATH));
      return;
    } catch (RuntimeException unexpected) {
      LOGGER.error("subscribing failed unexpectedly", unexpected);
      close(unexpectedFailure());
      return;
    }
    boolean over;
    synchronized (lock) {
      subscription = opened;
      over = closed || clientDone || ending != null;
    }
    if (over) {
      // the call ended (or the client left) while the core was opening the subscription
      cancelQuietly(opened);
    } else {
      requestDeliveries();
    }
  }

  private void acknowledge(Acknowledgement ack) {
    Subscription current;
    synchronized (lock) {
      if (closed || ending != null || subscription == null) {
        return;
      }
      current = subscription;
    }
    List<DeliveryPosition> positions = ack.getPositionsList();
    for (int i = 0; i < positions.size(); i++) {
      DeliveryPosition position = positions.get(i);
      try {
        current.acknowledge(position.getPartition(), position.getOffset());
      } catch (RequestRejectedException rejected) {
        RequestFailure failure = rejected.failure();
        String path = "ack.positions[" + i + "]";
        String field = failure.field().isEmpty() ? path : path + "." + failure.field();
        RequestFailure atPosition =
            new RequestFailure(failure.kind(), field, failure.description());
        failures.requestFailed(METHOD, stream, atPosition, requestId);
        end(RequestStatuses.toException(atPosition, ""));
        return;
      } catch (RuntimeException unexpected) {
        LOGGER.error("acknowledging a delivery failed unexpectedly", unexpected);
        end(unexpectedFailure());
        return;
      }
    }
  }

  // ---- the subscription, on the core's thread

  @Override
  public void onDelivery(io.eventgateway.core.domain.Delivery delivery) {
    Delivery message;
    try {
      message = SubscribeMapper.toProto(delivery);
    } catch (RuntimeException unexpected) {
      LOGGER.error("a delivery could not be mapped; ending the Subscribe call", unexpected);
      end(unexpectedFailure());
      return;
    }
    synchronized (lock) {
      if (outstanding > 0) {
        outstanding--;
      }
      if (closed) {
        return;
      }
      try {
        responses.onNext(message);
      } catch (RuntimeException unexpected) {
        LOGGER.debug("could not send a delivery; the call is over", unexpected);
        return;
      }
    }
    requestDeliveries();
  }

  @Override
  public void onEnd(Optional<RequestFailure> failure) {
    StatusRuntimeException status;
    synchronized (lock) {
      if (ending != null) {
        status = ending;
      } else if (failure.isPresent()) {
        failures.requestFailed(METHOD, stream, failure.get(), requestId);
        status = RequestStatuses.toException(failure.get(), RequestStatuses.SUBSCRIBE_PATH);
      } else if (clientDone) {
        status = null;
      } else {
        // the core stopped the subscription though the client still reads: it is shutting down
        status = Status.UNAVAILABLE.withDescription(CLOSING_DESCRIPTION).asRuntimeException();
      }
    }
    close(status);
  }

  // ---- flow control and ending

  /** Asks the core for more deliveries when half a batch came and the client takes more. */
  private void requestDeliveries() {
    Subscription current;
    long more;
    synchronized (lock) {
      if (closed || clientDone || ending != null || subscription == null) {
        return;
      }
      if (outstanding > lowWatermark || !responses.isReady()) {
        return; // the on-ready handler asks again when the client reads
      }
      more = deliveryBatch - outstanding;
      outstanding = deliveryBatch;
      current = subscription;
    }
    try {
      current.request(more);
    } catch (RuntimeException unexpected) {
      LOGGER.error("asking the subscription for deliveries failed unexpectedly", unexpected);
      end(unexpectedFailure());
    }
  }

  /** Cancels the subscription, then ends the call with {@code status}, unless it ended already. */
  private void end(StatusRuntimeException status) {
    Subscription current;
    synchronized (lock) {
      if (closed || ending != null) {
        return;
      }
      ending = status;
      current = subscription;
    }
    if (current != null) {
      cancelQuietly(current);
    }
    close(status);
  }

  /** Ends the call: completes it when {@code status} is null, fails it otherwise. Once. */
  private void close(StatusRuntimeException status) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      outstanding = 0;
      try {
        if (status == null) {
          responses.onCompleted();
        } else {
          responses.onError(status);
        }
      } catch (RuntimeException alreadyClosed) {
        LOGGER.debug("could not end a Subscribe call; it is over already", alreadyClosed);
      }
    }
    onClosed.accept(this);
  }

  private boolean isEnding() {
    synchronized (lock) {
      return closed || ending != null;
    }
  }

  private static void cancelQuietly(Subscription subscription) {
    try {
      subscription.cancel();
    } catch (RuntimeException unexpected) {
      LOGGER.error("cancelling a subscription failed unexpectedly", unexpected);
    }
  }

  private static StatusRuntimeException invalid(String field, String description) {
    return RequestStatuses.toException(
        new RequestFailure(RequestFailure.Kind.INVALID_ARGUMENT, field, description), "");
  }

  private static StatusRuntimeException unexpectedFailure() {
    return Status.INTERNAL
        .withDescription("unexpected failure in the gateway")
        .asRuntimeException();
  }
}
