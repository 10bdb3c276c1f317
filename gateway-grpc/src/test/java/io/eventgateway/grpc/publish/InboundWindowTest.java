package io.eventgateway.grpc.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.eventgateway.core.port.MemoryBudget;
import org.junit.jupiter.api.Test;

/** The bounds of a call's inbound flow control, in events and bytes. */
class InboundWindowTest {
  private static final long MAX_MESSAGE = 100;

  @Test
  void asksForAsManyLargestMessagesAsTheCallsBytesAllow() {
    MemoryBudget gateway = new MemoryBudget("memory.max-bytes", 10_000);
    InboundWindow window = new InboundWindow(1_000, 400, MAX_MESSAGE, gateway);

    assertThat(window.maxOutstanding()).isEqualTo(4);
    assertThat(window.grant(0, 1)).isEqualTo(4);
    assertThat(gateway.used()).as("all but the first reserved in the gateway").isEqualTo(300);
    assertThat(window.grant(0, 1)).isZero();

    window.received(10);
    assertThat(window.outstanding()).isEqualTo(3);
    assertThat(window.heldBytes()).isEqualTo(10);
    // 10 held + 3 x 100 outstanding: one more largest message does not fit in 400
    assertThat(window.grant(1, 1)).isZero();
    window.received(10);
    window.received(10);
    assertThat(window.grant(3, 1)).as("30 held + 1 x 100 outstanding").isEqualTo(2);
  }

  @Test
  void asksForNothingBeyondTheEventBound() {
    MemoryBudget gateway = new MemoryBudget("memory.max-bytes", 10_000);
    InboundWindow window = new InboundWindow(3, 10_000, MAX_MESSAGE, gateway);

    assertThat(window.grant(0, 1)).isEqualTo(3);
    window.received(1);
    window.received(1);
    assertThat(window.grant(2, 1)).as("2 held + 1 outstanding").isZero();
    window.done(1);
    assertThat(window.grant(1, 1)).isEqualTo(1);
  }

  @Test
  void grantsNothingBelowTheMinimumWorthARequest() {
    MemoryBudget gateway = new MemoryBudget("memory.max-bytes", 100_000);
    InboundWindow window = new InboundWindow(100, 100_000, MAX_MESSAGE, gateway);

    assertThat(window.grant(0, 25)).isEqualTo(100);
    for (int i = 0; i < 10; i++) {
      window.received(1);
    }
    assertThat(window.grant(10, 25)).as("room for 0").isZero();
    for (int i = 0; i < 10; i++) {
      window.done(1);
    }
    assertThat(window.grant(0, 25)).as("room for 10 < 25").isZero();
    assertThat(window.grant(0, 10)).isEqualTo(10);
  }

  @Test
  void whenTheGatewayIsFullACallThatHoldsNothingStillAsksForOne() {
    MemoryBudget gateway = new MemoryBudget("memory.max-bytes", 1_000);
    gateway.reserveAnyway(1_000);
    InboundWindow window = new InboundWindow(1_000, 400, MAX_MESSAGE, gateway);

    assertThat(window.grant(0, 1)).isEqualTo(1);
    assertThat(window.blockedByGateway(0)).as("a message is coming").isFalse();
    window.received(50);
    assertThat(window.grant(1, 1)).isZero();
    assertThat(window.blockedByGateway(1)).isTrue();

    gateway.release(1_000);
    assertThat(window.grant(1, 1)).isEqualTo(3);
    assertThat(window.blockedByGateway(1)).isFalse();
  }

  @Test
  void givesBackWhatItHeldAndReservedWhenDoneOrClosed() {
    MemoryBudget gateway = new MemoryBudget("memory.max-bytes", 10_000);
    InboundWindow window = new InboundWindow(1_000, 400, MAX_MESSAGE, gateway);
    window.grant(0, 1);
    window.received(10);
    window.received(20);
    assertThat(gateway.used()).isEqualTo(30 + 2 * MAX_MESSAGE);
    window.done(10);
    assertThat(gateway.used()).isEqualTo(20 + 2 * MAX_MESSAGE);

    window.close();
    assertThat(gateway.used()).isZero();
    assertThat(window.outstanding()).isZero();
  }

  @Test
  void refusesABudgetBelowOneMessage() {
    MemoryBudget gateway = new MemoryBudget("memory.max-bytes", 10_000);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new InboundWindow(10, 99, MAX_MESSAGE, gateway))
        .withMessage("maxBytes (99) must be at least maxMessageBytes (100)");
  }
}
