package io.eventgateway.grpc.subscribe;

import io.eventgateway.api.v1.Acknowledgement;
import io.eventgateway.api.v1.Delivery;
import io.eventgateway.api.v1.DeliveryPosition;
import io.eventgateway.api.v1.SubscribeRequest;
import io.eventgateway.api.v1.Subscription;
import io.eventgateway.core.port.DeliverySubscription;
import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.core.port.in.RequestRejectedException;
import io.eventgateway.core.port.in.SubscribeUseCase;
import io.eventgateway.grpc.status.FailureLog;
import io.eventgateway.grpc.status.RequestStatuses;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code Subscribe} call: opens a subscription with its first request, sends the subscription's
 * deliveries, hands the client's acknowledgements to it in the order they come, and ends the
 * subscription when the call ends (and the call when the subscription ends). It is the call's
 * request observer; its {@link CoreSubscriber} is the subscription's {@link Flow.Subscriber}; where
 * the call is, is a {@link CallState}.
 *
 * <p>Flow control, outbound: the call asks the core for deliveries ({@link DeliveryCredit}) only
 * while gRPC says the client {@linkplain ServerCallStreamObserver#isReady() takes more}; the
 * on-ready handler resumes a call that stopped. As the core delivers nothing it was not asked for,
 * a client that stops reading stops the reading. What the call may have in gRPC's buffer is bounded
 * in bytes as well: each time gRPC takes more, the call {@linkplain DeliverySubscription#allowBytes
 * allows} the core another {@code transportBytes} of deliveries, so a client that stops reading
 * holds at most that (plus a delivery or two) in the transport, however large the batch.
 *
 * <p>Flow control, inbound: gRPC's automatic one-message-at-a-time reading; an acknowledgement is
 * handed to the core before the next request is read, so acks reach the subscription in order.
 *
 * <p>Threading: gRPC calls the {@link StreamObserver} methods and the cancel and ready handlers one
 * at a time, and the core calls {@link CoreSubscriber#onSubscribe} on that thread too, from inside
 * {@code subscribe}; the core calls the other {@link CoreSubscriber} methods on a thread of its
 * own; {@link #shutdown()} comes from the thread that drains the gateway. The state, the
 * subscription and the credit are guarded by one lock, never held while calling the core. The
 * response observer is called under that lock while the call is open, and once more, to end the
 * call, by the thread that moved it to {@link CallState#CLOSED}; nothing is sent after that.
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
final class SubscribeCall implements StreamObserver<SubscribeRequest> {
  private static final Logger LOGGER = LoggerFactory.getLogger(SubscribeCall.class);

  /** The description of the status that ends a call when the gateway drains. */
  static final String CLOSING_DESCRIPTION = "gateway is shutting down; subscribe again";

  private static final String METHOD = "Subscribe";

  /** The description of the status that ends a call whose first request is not a subscribe. */
  static final String FIRST_REQUEST_DESCRIPTION = "the first request must be a subscribe";

  private final SubscribeUseCase subscribing;
  private final ServerCallStreamObserver<Delivery> responses;
  private final Consumer<SubscribeCall> onClosed;
  private final String requestId;
  private final FailureLog failures;
  private final CoreSubscriber subscriber = new CoreSubscriber();

  /** The stream of the subscribe request; empty before it came. For the log. */
  private volatile String stream = "";

  private final Object lock = new Object();

  /** Guarded by {@link #lock}; changed only by {@link #moveTo}. */
  private CallState state = CallState.AWAITING_SUBSCRIBE;

  /** The open subscription; null until the core handed it over. Guarded by {@link #lock}. */
  private DeliverySubscription subscription;

  /** Guarded by {@link #lock}. */
  private final DeliveryCredit credit;

  /** The bytes of deliveries the call allows the core each time gRPC took what it was sent. */
  private final long transportBytes;

  SubscribeCall(
      SubscribeUseCase subscribing,
      ServerCallStreamObserver<Delivery> responses,
      int deliveryBatch,
      long transportBytes,
      Consumer<SubscribeCall> onClosed,
      String requestId,
      FailureLog failures) {
    this.subscribing = subscribing;
    this.responses = responses;
    this.credit = new DeliveryCredit(deliveryBatch);
    this.transportBytes = transportBytes;
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
    end(closingStatus());
  }

  // ---- requests, on gRPC's serialized inbound callbacks

  @Override
  public void onNext(SubscribeRequest request) {
    boolean first;
    synchronized (lock) {
      if (state == CallState.CLOSED) {
        return;
      }
      first = state == CallState.AWAITING_SUBSCRIBE;
      if (first && request.getRequestCase() == SubscribeRequest.RequestCase.SUBSCRIBE) {
        moveTo(CallState.OPENING);
      }
    }
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
    boolean subscribed;
    DeliverySubscription current;
    synchronized (lock) {
      subscribed = state != CallState.AWAITING_SUBSCRIBE;
      if (!moveTo(subscribed ? CallState.HALF_CLOSED : CallState.CLOSED)) {
        return;
      }
      current = subscription;
    }
    if (!subscribed) {
      send(null); // no subscribe came: nothing was asked, nothing to end
    } else if (current != null) {
      cancelQuietly(current); // the core ends it, then onComplete completes the call
    }
  }

  private void clientCancelled() {
    DeliverySubscription current;
    synchronized (lock) {
      if (!moveTo(CallState.CLOSED)) {
        return;
      }
      current = subscription;
    }
    if (current != null) {
      cancelQuietly(current);
    }
    onClosed.accept(this);
  }

  private void subscribe(Subscription request) {
    stream = request.getStream();
    try {
      // blocks while the core opens the subscription; hands it over in onSubscribe
      subscribing.subscribe(SubscribeMapper.toCommand(request), subscriber);
    } catch (RequestRejectedException rejected) {
      failures.requestFailed(METHOD, stream, rejected.failure(), requestId);
      end(RequestStatuses.toException(rejected.failure(), RequestStatuses.SUBSCRIBE_PATH));
    } catch (RuntimeException unexpected) {
      LOGGER.error("subscribing failed unexpectedly", unexpected);
      end(unexpectedFailure());
    }
  }

  private void acknowledge(Acknowledgement ack) {
    DeliverySubscription current;
    synchronized (lock) {
      if (state != CallState.OPEN) {
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
        RequestFailure failure = SubscribeMapper.atAckPosition(i, rejected.failure());
        failures.requestFailed(METHOD, stream, failure, requestId);
        end(RequestStatuses.toException(failure, ""));
        return;
      } catch (RuntimeException unexpected) {
        LOGGER.error("acknowledging a delivery failed unexpectedly", unexpected);
        end(unexpectedFailure());
        return;
      }
    }
  }

  // ---- flow control and ending

  /**
   * While gRPC takes more (it wrote what it was sent, down to its on-ready threshold): allows the
   * core another {@link #transportBytes} of deliveries, and asks for more deliveries when half a
   * batch came. Otherwise nothing: the on-ready handler comes back when the client reads.
   */
  private void requestDeliveries() {
    DeliverySubscription current;
    long more;
    synchronized (lock) {
      if (state != CallState.OPEN || !responses.isReady()) {
        return;
      }
      more = credit.wantsMore() ? credit.topUp() : 0;
      current = subscription;
    }
    try {
      current.allowBytes(transportBytes);
      if (more > 0) {
        current.request(more);
      }
    } catch (RuntimeException unexpected) {
      LOGGER.error("asking the subscription for deliveries failed unexpectedly", unexpected);
      end(unexpectedFailure());
    }
  }

  /** Cancels the subscription, then ends the call with {@code status}, unless it ended already. */
  private void end(StatusRuntimeException status) {
    DeliverySubscription current;
    synchronized (lock) {
      if (!moveTo(CallState.CLOSED)) {
        return;
      }
      current = subscription;
    }
    if (current != null) {
      cancelQuietly(current);
    }
    send(status);
  }

  /**
   * Ends the call: completes it when {@code status} is null, fails it otherwise. Only the thread
   * that moved the call to {@link CallState#CLOSED} calls it, once.
   */
  private void send(StatusRuntimeException status) {
    try {
      if (status == null) {
        responses.onCompleted();
      } else {
        responses.onError(status);
      }
    } catch (RuntimeException alreadyClosed) {
      LOGGER.debug("could not end a Subscribe call; it is over already", alreadyClosed);
    }
    onClosed.accept(this);
  }

  /** Moves the call to {@code next} if its state allows it; whether it moved. Holds the lock. */
  private boolean moveTo(CallState next) {
    if (!state.mayBecome(next)) {
      return false;
    }
    state = next;
    return true;
  }

  private static void cancelQuietly(DeliverySubscription subscription) {
    try {
      subscription.cancel();
    } catch (RuntimeException unexpected) {
      LOGGER.error("cancelling a subscription failed unexpectedly", unexpected);
    }
  }

  private static StatusRuntimeException closingStatus() {
    return Status.UNAVAILABLE.withDescription(CLOSING_DESCRIPTION).asRuntimeException();
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

  /**
   * What the core calls: it hands over the subscription inside {@code subscribe}, on gRPC's thread,
   * then delivers and ends it on a thread of its own.
   */
  private final class CoreSubscriber
      implements Flow.Subscriber<io.eventgateway.core.domain.Delivery> {

    @Override
    public void onSubscribe(Flow.Subscription opened) {
      DeliverySubscription handed = (DeliverySubscription) opened;
      boolean open;
      synchronized (lock) {
        open = moveTo(CallState.OPEN);
        if (open) {
          subscription = handed;
        }
      }
      if (open) {
        requestDeliveries();
      } else {
        // the call ended (or the client left) while the core was opening the subscription
        cancelQuietly(handed);
      }
    }

    @Override
    public void onNext(io.eventgateway.core.domain.Delivery delivery) {
      Delivery message;
      try {
        message = SubscribeMapper.toProto(delivery);
      } catch (RuntimeException unexpected) {
        LOGGER.error("a delivery could not be mapped; ending the Subscribe call", unexpected);
        end(unexpectedFailure());
        return;
      }
      synchronized (lock) {
        credit.delivered();
        if (!state.sendsDeliveries()) {
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
    public void onError(Throwable failure) {
      synchronized (lock) {
        if (!moveTo(CallState.CLOSED)) {
          return;
        }
      }
      if (failure instanceof RequestRejectedException rejected) {
        failures.requestFailed(METHOD, stream, rejected.failure(), requestId);
        send(RequestStatuses.toException(rejected.failure(), RequestStatuses.SUBSCRIBE_PATH));
      } else {
        LOGGER.error("the subscription ended with an unexpected failure", failure);
        send(unexpectedFailure());
      }
    }

    @Override
    public void onComplete() {
      StatusRuntimeException status;
      synchronized (lock) {
        // the core stopped the subscription though the client still reads: it is shutting down
        status = state == CallState.HALF_CLOSED ? null : closingStatus();
        if (!moveTo(CallState.CLOSED)) {
          return;
        }
      }
      send(status);
    }
  }
}
