package io.eventgateway.grpc.subscribe;

import static io.eventgateway.grpc.subscribe.CallState.AWAITING_SUBSCRIBE;
import static io.eventgateway.grpc.subscribe.CallState.CLOSED;
import static io.eventgateway.grpc.subscribe.CallState.HALF_CLOSED;
import static io.eventgateway.grpc.subscribe.CallState.OPEN;
import static io.eventgateway.grpc.subscribe.CallState.OPENING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CallStateTest {

  private static Set<CallState> movesFrom(CallState state) {
    return Arrays.stream(CallState.values())
        .filter(state::mayBecome)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(CallState.class)));
  }

  @Test
  void aCallMovesOnlyForwardThroughItsLife() {
    assertThat(movesFrom(AWAITING_SUBSCRIBE)).containsExactlyInAnyOrder(OPENING, CLOSED);
    assertThat(movesFrom(OPENING)).containsExactlyInAnyOrder(OPEN, HALF_CLOSED, CLOSED);
    assertThat(movesFrom(OPEN)).containsExactlyInAnyOrder(HALF_CLOSED, CLOSED);
    assertThat(movesFrom(HALF_CLOSED)).containsExactly(CLOSED);
    assertThat(movesFrom(CLOSED)).as("a closed call stays closed").isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = CallState.class, names = "CLOSED", mode = EnumSource.Mode.EXCLUDE)
  void everyStateButClosedCanEndAndNoneMovesToItself(CallState state) {
    assertThat(state.mayBecome(CLOSED)).isTrue();
    assertThat(state.mayBecome(state)).isFalse();
  }

  @Test
  void deliveriesAreSentWhileTheCallIsOpenAndAfterTheClientHalfClosedOnly() {
    assertThat(EnumSet.allOf(CallState.class).stream().filter(CallState::sendsDeliveries))
        .containsExactlyInAnyOrder(OPEN, HALF_CLOSED);
  }
}
