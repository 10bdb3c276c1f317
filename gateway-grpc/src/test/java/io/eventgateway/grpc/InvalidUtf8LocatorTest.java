package io.eventgateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishBatchRequest;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.grpc.InvalidUtf8Locator.Fault;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InvalidUtf8LocatorTest {
  /** U+D800 encoded as CESU-8 would: ED A0 80, which is not UTF-8. */
  static final byte[] CESU8_SURROGATE = {(byte) 0xed, (byte) 0xa0, (byte) 0x80};

  /**
   * {@code message}'s bytes with the one occurrence of {@code marker} (ASCII) replaced by {@code
   * replacement}, of the same length.
   */
  static byte[] corrupt(com.google.protobuf.Message message, String marker, byte[] replacement) {
    byte[] bytes = message.toByteArray();
    byte[] target = marker.getBytes(StandardCharsets.US_ASCII);
    assertThat(replacement).hasSameSizeAs(target);
    int found = -1;
    for (int i = 0; i + target.length <= bytes.length; i++) {
      boolean match = true;
      for (int j = 0; j < target.length && match; j++) {
        match = bytes[i + j] == target[j];
      }
      if (match) {
        assertThat(found).as("the marker occurs once").isNegative();
        found = i;
      }
    }
    assertThat(found).as("the marker " + marker).isNotNegative();
    System.arraycopy(replacement, 0, bytes, found, replacement.length);
    return bytes;
  }

  private static Event.Builder event(String subject) {
    return Event.newBuilder().setSource("/s").setType("t").setSubject(subject);
  }

  private static Fault locate(byte[] bytes, com.google.protobuf.Descriptors.Descriptor type) {
    return InvalidUtf8Locator.locate(ByteString.copyFrom(bytes), type).orElseThrow();
  }

  @Test
  void namesAFieldOfTheEvent() {
    PublishRequest request =
        PublishRequest.newBuilder()
            .setStream("orders")
            .setEvent(event("s").setSource("/@@@"))
            .build();

    Fault fault = locate(corrupt(request, "@@@", CESU8_SURROGATE), PublishRequest.getDescriptor());

    assertThat(fault).isEqualTo(new Fault("event.source", "is not valid UTF-8"));
  }

  @Test
  void namesTheRequestsOwnField() {
    PublishRequest request = PublishRequest.newBuilder().setStream("x@").build();

    assertThat(
            locate(corrupt(request, "@", new byte[] {(byte) 0xff}), PublishRequest.getDescriptor()))
        .isEqualTo(new Fault("stream", "is not valid UTF-8"));
  }

  @Test
  void namesTheIndexOfTheEventInABatch() {
    PublishBatchRequest.Builder batch = PublishBatchRequest.newBuilder().setStream("orders");
    for (int i = 0; i < 5; i++) {
      batch.addEvents(event(i == 3 ? "@@@" : "s-" + i));
    }

    Fault fault =
        locate(corrupt(batch.build(), "@@@", CESU8_SURROGATE), PublishBatchRequest.getDescriptor());

    assertThat(fault).isEqualTo(new Fault("events[3].subject", "is not valid UTF-8"));
  }

  @Test
  void namesAnAttributeByItsKeyOrSaysTheKeyIsBad() {
    PublishRequest value =
        PublishRequest.newBuilder()
            .setEvent(event("s").putAttributes("region", "eu").putAttributes("tenant", "@"))
            .build();
    PublishRequest key =
        PublishRequest.newBuilder().setEvent(event("s").putAttributes("ten@nt", "acme")).build();

    assertThat(
            locate(corrupt(value, "@", new byte[] {(byte) 0xff}), PublishRequest.getDescriptor()))
        .isEqualTo(new Fault("event.attributes.tenant", "is not valid UTF-8"));
    assertThat(locate(corrupt(key, "@", new byte[] {(byte) 0xff}), PublishRequest.getDescriptor()))
        .isEqualTo(new Fault("event.attributes", "has a key that is not valid UTF-8"));
  }

  @Test
  void findsNothingInAValidMessageOrInBytesThatAreNotAMessage() {
    PublishRequest valid =
        PublishRequest.newBuilder().setStream("orders").setEvent(event("Grüße")).build();

    assertThat(InvalidUtf8Locator.locate(valid.toByteString(), PublishRequest.getDescriptor()))
        .isEmpty();
    assertThat(
            InvalidUtf8Locator.locate(
                ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01}),
                PublishRequest.getDescriptor()))
        .isEmpty();
  }
}
