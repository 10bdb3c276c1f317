package io.eventgateway.grpc.publish;

import io.eventgateway.core.port.MemoryBudget;

/**
 * How many more request messages one streaming call may ask gRPC for: the bound of its inbound flow
 * control, in events and in bytes.
 *
 * <p>The call holds the bytes of the events it took until their responses are handed to gRPC, and
 * each message it asked for and has not received may be as large as the largest message gRPC
 * accepts. So every outstanding request reserves that largest size, in the call's budget and in the
 * gateway's {@link MemoryBudget}; when the message comes, the reservation becomes its real size.
 * One exception keeps a call that holds nothing alive when the gateway's budget is full: it may
 * always ask for one message, reserved in its own budget only. Hence the gateway holds at most its
 * budget plus one message per open call that held nothing.
 *
 * <p>Not thread-safe: the call guards it with its lock.
 */
final class InboundWindow {
  private final int maxEvents;
  private final long maxBytes;
  private final long maxMessageBytes;
  private final MemoryBudget gateway;

  /** Bytes of the events taken and not yet answered. */
  private long heldBytes;

  /** Messages asked for and not received. */
  private int outstanding;

  /**
   * How many of {@link #outstanding} hold a reservation of {@link #maxMessageBytes} in the
   * gateway's budget.
   */
  private int reservedInGateway;

  /**
   * @param maxEvents most events taken and not yet answered, plus messages asked for
   * @param maxBytes most bytes the call may hold, counting each outstanding request as {@code
   *     maxMessageBytes}; at least {@code maxMessageBytes}
   * @param maxMessageBytes the largest request message gRPC accepts
   */
  InboundWindow(int maxEvents, long maxBytes, long maxMessageBytes, MemoryBudget gateway) {
    if (maxBytes < maxMessageBytes) {
      throw new IllegalArgumentException(
          "maxBytes (" + maxBytes + ") must be at least maxMessageBytes (" + maxMessageBytes + ")");
    }
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
    this.maxMessageBytes = maxMessageBytes;
    this.gateway = gateway;
  }

  /**
   * How many more messages to ask for now, given {@code held} events taken whose responses are not
   * handed to gRPC; reserves them. Grants nothing unless it can grant {@code atLeast} (fewer
   * requests, each for more) or the gateway's budget stops it midway; {@link #blockedByGateway}
   * then says whether the call should wait for room in it.
   */
  int grant(int held, int atLeast) {
    long byteRoom = (maxBytes - heldBytes) / maxMessageBytes - outstanding;
    long room = Math.min(maxEvents - held - outstanding, byteRoom);
    if (room < 1 || room < Math.min(atLeast, maxOutstanding())) {
      return 0;
    }
    int granted = 0;
    while (granted < room) {
      if (outstanding == 0 && heldBytes == 0) {
        outstanding++; // the one message a call that holds nothing may always ask for
      } else if (gateway.tryReserve(maxMessageBytes)) {
        outstanding++;
        reservedInGateway++;
      } else {
        break;
      }
      granted++;
    }
    return granted;
  }

  /** The most messages the call may have asked for at once, when it holds nothing. */
  int maxOutstanding() {
    return (int) Math.min(maxEvents, maxBytes / maxMessageBytes);
  }

  /**
   * Whether the gateway's budget, not the call's own bounds, keeps the call from asking for more:
   * the call should then wait for {@linkplain MemoryBudget#whenRoom room}.
   */
  boolean blockedByGateway(int held) {
    return outstanding == 0
        && held < maxEvents
        && heldBytes + maxMessageBytes <= maxBytes
        && gateway.used() + maxMessageBytes > gateway.capacity();
  }

  /** The size of a reservation the call waits for in the gateway's budget. */
  long maxMessageBytes() {
    return maxMessageBytes;
  }

  /** A message of {@code bytes} came: its outstanding request becomes its real size. */
  void received(long bytes) {
    if (outstanding > 0) {
      outstanding--;
      if (reservedInGateway > outstanding) {
        reservedInGateway--;
        gateway.release(maxMessageBytes);
      }
    }
    heldBytes += bytes;
    gateway.reserveAnyway(bytes);
  }

  /** The outcome of an event of {@code bytes} is known: the call no longer holds its bytes. */
  void done(long bytes) {
    heldBytes -= bytes;
    gateway.release(bytes);
  }

  /** The call is over: gives back everything it held or reserved. */
  void close() {
    long bytes = heldBytes + (long) reservedInGateway * maxMessageBytes;
    heldBytes = 0;
    outstanding = 0;
    reservedInGateway = 0;
    gateway.release(bytes);
  }

  /** Bytes of the events taken and not yet answered. */
  long heldBytes() {
    return heldBytes;
  }

  /** Messages asked for and not received. */
  int outstanding() {
    return outstanding;
  }
}
