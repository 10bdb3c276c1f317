package io.eventgateway.core.port;

/**
 * The bytes one subscriber may make the gateway hold between Kafka and the client, and how the
 * adapters split them. Both sides of subscribing take their sizes from it: the source its fetch
 * sizes and records per poll, the driving adapter the deliveries it lets into the transport. The
 * parts, each counted in whole records where one record is larger than its share:
 *
 * <ul>
 *   <li>fetched, still in the consumer (compressed as Kafka sent it): at most {@link #fetchBytes()}
 *       per fetch response, plus one record batch beyond it (Kafka returns the first batch however
 *       large), so {@code fetchBytes + maxRecordBytes};
 *   <li>polled and not delivered yet (decompressed): at most {@link #recordsPerPoll()} records;
 *   <li>delivered and not yet written to the client: {@link #transportBytes()}, which the driving
 *       adapter {@linkplain DeliverySubscription#allowBytes allows} each time the transport took
 *       what it was handed (down to its own threshold, {@value #TRANSPORT_THRESHOLD_BYTES} bytes,
 *       gRPC's on-ready threshold), plus two records: the last delivery of an allowance may pass
 *       it, and one may be on its way while the allowance is renewed.
 * </ul>
 *
 * {@link #worstCaseBytes()} is their sum. Immutable; validates eagerly.
 *
 * @param maxBufferedBytes the budget, at least 1 and at most {@link Integer#MAX_VALUE} (Kafka's
 *     fetch sizes are ints)
 * @param maxRecordBytes the largest record a stream may hold, at least 1: what one delivery can
 *     weigh however small the budget
 */
public record SubscriberBudget(long maxBufferedBytes, int maxRecordBytes) {

  /** The gateway's default budget: 4 MiB per subscriber. */
  public static final long DEFAULT_MAX_BUFFERED_BYTES = 4L * 1024 * 1024;

  /** Bytes the transport buffers for a call before it says the call is not ready. */
  public static final int TRANSPORT_THRESHOLD_BYTES = 32 * 1024;

  public SubscriberBudget {
    if (maxBufferedBytes < 1 || maxBufferedBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "maxBufferedBytes must be between 1 and "
              + Integer.MAX_VALUE
              + ", was "
              + maxBufferedBytes);
    }
    if (maxRecordBytes < 1) {
      throw new IllegalArgumentException("maxRecordBytes must be positive, was " + maxRecordBytes);
    }
  }

  /**
   * Kafka's {@code fetch.max.bytes} and {@code max.partition.fetch.bytes}: half the budget, at
   * least 1.
   */
  public int fetchBytes() {
    return (int) Math.max(1L, maxBufferedBytes / 2);
  }

  /**
   * Kafka's {@code max.poll.records}: as many records as a quarter of the budget holds, at least 1.
   */
  public int recordsPerPoll() {
    return (int) Math.max(1L, Math.min(Integer.MAX_VALUE, maxBufferedBytes / 4 / maxRecordBytes));
  }

  /** Bytes of deliveries a subscriber allows at a time: a quarter of the budget, at least 1. */
  public long transportBytes() {
    return Math.max(1L, maxBufferedBytes / 4);
  }

  /**
   * The most the three parts hold together, in bytes; never more than {@code maxBufferedBytes + 4 *
   * maxRecordBytes + TRANSPORT_THRESHOLD_BYTES}.
   */
  public long worstCaseBytes() {
    return (long) fetchBytes()
        + maxRecordBytes
        + (long) recordsPerPoll() * maxRecordBytes
        + transportBytes()
        + 2L * maxRecordBytes
        + TRANSPORT_THRESHOLD_BYTES;
  }
}
