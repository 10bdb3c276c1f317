package io.eventgateway.grpc.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class MessageFramingTest {
  private final MessageFraming framing = new MessageFraming();

  @Test
  void aMessageInOneFrameLeavesNothingUnfinished() {
    framing.feed(message(100), 1);

    assertThat(framing.unfinished()).isZero();
  }

  @Test
  void countsTheReceivedBytesOfAMessageSplitAcrossFrames() {
    ByteBuf whole = message(1000);

    framing.feed(whole.slice(0, 3), 7); // part of the prefix
    assertThat(framing.unfinished()).isEqualTo(3);
    assertThat(framing.startedAtNanos()).isEqualTo(7);
    framing.feed(whole.slice(3, 500), 8);
    assertThat(framing.unfinished()).isEqualTo(503);
    assertThat(framing.startedAtNanos()).as("the time of the first byte").isEqualTo(7);
    framing.feed(whole.slice(503, 502), 9);
    assertThat(framing.unfinished()).isZero();
  }

  @Test
  void aFrameThatEndsOneMessageAndStartsAnotherCountsOnlyTheNewOne() {
    ByteBuf two = Unpooled.wrappedBuffer(message(10), message(20));

    framing.feed(two.slice(0, 15 + 8), 1);
    assertThat(framing.unfinished()).isEqualTo(8);
    assertThat(framing.startedAtNanos()).isEqualTo(1);
    framing.feed(two.slice(23, 2), 2);
    assertThat(framing.unfinished()).isEqualTo(10);
    framing.feed(two.slice(25, 25 - 10), 3);
    assertThat(framing.unfinished()).isZero();
  }

  @Test
  void emptyMessagesAndEmptyFramesHoldNothing() {
    framing.feed(Unpooled.wrappedBuffer(message(0), message(0)), 1);
    framing.feed(Unpooled.EMPTY_BUFFER, 2);

    assertThat(framing.unfinished()).isZero();
  }

  @Test
  void readsLengthsAbove2GiBWithoutOverflow() {
    ByteBuf prefix = Unpooled.wrappedBuffer(new byte[] {0, (byte) 0xff, (byte) 0xff, 0, 0});

    framing.feed(prefix, 1);
    framing.feed(Unpooled.wrappedBuffer(new byte[1 << 16]), 2);

    assertThat(framing.unfinished()).isEqualTo(5 + (1 << 16));
  }

  /** A gRPC message of {@code length} bytes with its prefix. */
  static ByteBuf message(int length) {
    ByteBuf buf = Unpooled.buffer(5 + length);
    buf.writeByte(0).writeInt(length).writeZero(length);
    return buf;
  }
}
