package io.eventgateway.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFingerprintTest {
  private static Event event(String id, Instant time, String data, Map<String, String> attributes) {
    return new Event(
        id,
        "/shop",
        "order.created",
        "order-1",
        time,
        "application/json",
        Payload.copyOf(data.getBytes(StandardCharsets.UTF_8)),
        attributes);
  }

  @Test
  void theSameContentHasTheSameFingerprintWhateverTheIdTimeAndAttributeOrder() {
    long one =
        EventFingerprint.of(
            event("a", Instant.EPOCH, "{}", Map.of("tenant", "acme", "region", "eu")));
    long other =
        EventFingerprint.of(
            event("b", Instant.now(), "{}", Map.of("region", "eu", "tenant", "acme")));

    assertThat(one).isEqualTo(other);
  }

  @Test
  void anyDifferenceInContentChangesIt() {
    long base = EventFingerprint.of(event("a", Instant.EPOCH, "{}", Map.of("k", "v")));

    assertThat(EventFingerprint.of(event("a", Instant.EPOCH, "{ }", Map.of("k", "v"))))
        .isNotEqualTo(base);
    assertThat(EventFingerprint.of(event("a", Instant.EPOCH, "{}", Map.of("k", "w"))))
        .isNotEqualTo(base);
    assertThat(EventFingerprint.of(event("a", Instant.EPOCH, "{}", Map.of()))).isNotEqualTo(base);
    // the length prefixes keep moved boundaries apart: "ab"+"c" is not "a"+"bc"
    assertThat(EventFingerprint.of(event("a", Instant.EPOCH, "{}", Map.of("ab", "c"))))
        .isNotEqualTo(EventFingerprint.of(event("a", Instant.EPOCH, "{}", Map.of("a", "bc"))));
  }
}
