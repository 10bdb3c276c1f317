package io.eventgateway.grpc.subscribe;

/**
 * Where a {@code Subscribe} call is. The moves a call may make are {@link #mayBecome}'s; {@link
 * SubscribeCall} makes them under its lock, one event at a time.
 */
enum CallState {
  /** No request came yet. */
  AWAITING_SUBSCRIBE,
  /** The first request was a subscribe; the core is opening the subscription. */
  OPENING,
  /** The core handed over the subscription: deliveries flow, acknowledgements go to the core. */
  OPEN,
  /**
   * The client half-closed: the subscription is cancelled; what the core still delivers is sent,
   * and the call completes once the core ended the subscription.
   */
  HALF_CLOSED,
  /** The call ended or is ending: nothing more is sent or asked of the core. */
  CLOSED;

  /** Whether a call in this state may move to {@code next}. */
  boolean mayBecome(CallState next) {
    return switch (this) {
      case AWAITING_SUBSCRIBE -> next == OPENING || next == CLOSED;
      case OPENING -> next == OPEN || next == HALF_CLOSED || next == CLOSED;
      case OPEN -> next == HALF_CLOSED || next == CLOSED;
      case HALF_CLOSED -> next == CLOSED;
      case CLOSED -> false;
    };
  }

  /** Whether deliveries that come from the core in this state are sent to the client. */
  boolean sendsDeliveries() {
    return this == OPEN || this == HALF_CLOSED;
  }
}
