package io.eventgateway.grpc.subscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeliveryCreditTest {

  @Test
  void asksForABatchThenTopsItUpOnceHalfOfItCame() {
    DeliveryCredit credit = new DeliveryCredit(8);

    assertThat(credit.wantsMore()).isTrue();
    assertThat(credit.topUp()).isEqualTo(8);
    assertThat(credit.wantsMore()).isFalse();

    for (int i = 0; i < 3; i++) {
      credit.delivered();
    }
    assertThat(credit.outstanding()).isEqualTo(5);
    assertThat(credit.wantsMore()).as("5 of 8 outstanding").isFalse();

    credit.delivered();
    assertThat(credit.wantsMore()).as("half the batch came").isTrue();
    assertThat(credit.topUp()).isEqualTo(4);
    assertThat(credit.outstanding()).isEqualTo(8);
  }

  @Test
  void aBatchOfOneAsksForEachDeliveryOnItsOwn() {
    DeliveryCredit credit = new DeliveryCredit(1);

    assertThat(credit.topUp()).isEqualTo(1);
    assertThat(credit.wantsMore()).isFalse();
    credit.delivered();
    assertThat(credit.wantsMore()).isTrue();
    assertThat(credit.topUp()).isEqualTo(1);
  }

  @Test
  void aDeliveryBeyondWhatWasAskedForLeavesNothingOutstanding() {
    DeliveryCredit credit = new DeliveryCredit(2);
    credit.topUp();

    for (int i = 0; i < 3; i++) {
      credit.delivered();
    }

    assertThat(credit.outstanding()).isZero();
    assertThat(credit.topUp()).isEqualTo(2);
  }

  @Test
  void aBatchBelowOneIsRefused() {
    assertThatThrownBy(() -> new DeliveryCredit(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
