package io.eventgateway.grpc.edge;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;

/**
 * Where one HTTP/2 stream is in gRPC's message framing (a 1-byte compressed flag, a 4-byte
 * big-endian length, then the message), fed with the stream's DATA as it arrives: how many bytes of
 * a message that has started but not ended it has received, and since when.
 *
 * <p>Not thread-safe: one stream's DATA arrives on its connection's event loop.
 */
final class MessageFraming {
  private int prefixRead;
  private long declaredLength;
  private long bodyRemaining;
  private long unfinished;
  private long startedAtNanos;

  /**
   * Reads the readable bytes of {@code data} (without moving its reader index).
   *
   * @param nowNanos the time they arrived ({@link System#nanoTime()}), the start of a message whose
   *     first byte is among them
   */
  void feed(ByteBuf data, long nowNanos) {
    int index = data.readerIndex();
    int end = data.writerIndex();
    while (index < end) {
      if (prefixRead < EdgeSettings.MESSAGE_PREFIX_BYTES) {
        if (prefixRead == 0) {
          startedAtNanos = nowNanos;
        } else {
          declaredLength = declaredLength << 8 | data.getUnsignedByte(index);
        }
        index++;
        prefixRead++;
        unfinished++;
        if (prefixRead == EdgeSettings.MESSAGE_PREFIX_BYTES) {
          bodyRemaining = declaredLength;
          if (bodyRemaining == 0) {
            messageEnded();
          }
        }
      } else {
        int take = (int) Math.min(bodyRemaining, end - index);
        index += take;
        bodyRemaining -= take;
        unfinished += take;
        if (bodyRemaining == 0) {
          messageEnded();
        }
      }
    }
  }

  /** Bytes of the message received so far, prefix included; 0 between messages. */
  long unfinished() {
    return unfinished;
  }

  /**
   * When the unfinished message's first byte arrived; meaningless when {@link #unfinished()} is 0.
   */
  long startedAtNanos() {
    return startedAtNanos;
  }

  private void messageEnded() {
    prefixRead = 0;
    declaredLength = 0;
    bodyRemaining = 0;
    unfinished = 0;
  }
}
