package io.eventgateway.grpc.subscribe;

/**
 * The deliveries a {@code Subscribe} call asked the core for and did not receive yet. It asks for a
 * batch, and tops the outstanding deliveries up to a batch again once half of it came, so the core
 * is asked about twice per batch rather than once per delivery. Not thread-safe: {@link
 * SubscribeCall} uses it under its lock.
 */
final class DeliveryCredit {
  private final int batch;
  private final int lowWatermark;
  private long outstanding;

  /**
   * @param batch the most deliveries outstanding at a time, at least 1
   */
  DeliveryCredit(int batch) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, was " + batch);
    }
    this.batch = batch;
    this.lowWatermark = batch / 2;
  }

  /** Whether to ask for more: at most half a batch is outstanding. */
  boolean wantsMore() {
    return outstanding <= lowWatermark;
  }

  /**
   * Counts a full batch as outstanding; how many more to ask for (at least 1 if it wanted more).
   */
  long topUp() {
    long more = batch - outstanding;
    outstanding = batch;
    return more;
  }

  /** A delivery came; one that came beyond what was asked for changes nothing. */
  void delivered() {
    if (outstanding > 0) {
      outstanding--;
    }
  }

  /** Deliveries asked for and not received yet. */
  long outstanding() {
    return outstanding;
  }
}
