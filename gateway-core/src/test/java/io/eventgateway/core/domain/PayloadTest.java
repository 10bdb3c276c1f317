package io.eventgateway.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PayloadTest {

  @Test
  void aWrappedArrayIsHandedOnAsItIs() {
    byte[] bytes = {1, 2, 3};
    Payload payload = Payload.wrapArray(bytes);

    assertThat(payload.readOnlyArray()).isSameAs(bytes);
    assertThat(payload.size()).isEqualTo(3);
    assertThat(payload.asReadOnlyBuffer().isReadOnly()).isTrue();
  }

  @Test
  void aViewIsCopiedWhenAskedForAnArray() {
    byte[] backing = {0, 1, 2, 3};
    Payload payload = Payload.wrap(ByteBuffer.wrap(backing, 1, 3));

    byte[] array = payload.readOnlyArray();

    assertThat(array).containsExactly(1, 2, 3).isNotSameAs(backing);
  }

  @Test
  void equalityIsByContentWhateverTheMaking() {
    assertThat(Payload.wrapArray(new byte[] {1, 2}))
        .isEqualTo(Payload.copyOf(new byte[] {1, 2}))
        .isEqualTo(Payload.wrap(ByteBuffer.wrap(new byte[] {9, 1, 2}, 1, 2)))
        .hasSameHashCodeAs(Payload.copyOf(new byte[] {1, 2}));
    assertThat(Payload.wrapArray(new byte[0])).isSameAs(Payload.empty());
  }
}
