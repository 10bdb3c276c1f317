package io.eventgateway.kafka.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimeHeaderFormatTest {

  @Test
  void formatsEveryPrecisionAsIsoInstant() {
    assertThat(TimeHeaderFormat.format(Instant.parse("2024-05-01T12:00:00Z")))
        .isEqualTo("2024-05-01T12:00:00Z");
    assertThat(TimeHeaderFormat.format(Instant.parse("2024-05-01T12:00:00.120Z")))
        .isEqualTo("2024-05-01T12:00:00.120Z");
    assertThat(TimeHeaderFormat.format(Instant.parse("2024-05-01T12:00:00.000007Z")))
        .isEqualTo("2024-05-01T12:00:00.000007Z");
    assertThat(TimeHeaderFormat.format(Instant.parse("2024-05-01T12:00:00.000000001Z")))
        .isEqualTo("2024-05-01T12:00:00.000000001Z");
    assertThat(TimeHeaderFormat.format(Instant.parse("0001-01-01T00:00:00.999999999Z")))
        .isEqualTo("0001-01-01T00:00:00.999999999Z");
    assertThat(TimeHeaderFormat.format(Instant.parse("9999-12-31T23:59:59.5Z")))
        .isEqualTo("9999-12-31T23:59:59.500Z");
  }

  @Test
  void agreesWithIsoInstantOnRandomTimesInAndAcrossSeconds() {
    SplittableRandom random = new SplittableRandom(42);
    long base = Instant.parse("2026-11-29T05:00:00Z").getEpochSecond();
    for (int i = 0; i < 100_000; i++) {
      // a few seconds apart, so the cached second is both hit and replaced
      long second = base + random.nextInt(4);
      int nanos =
          switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant time = Instant.ofEpochSecond(second, nanos);
      assertThat(TimeHeaderFormat.format(time))
          .as("%s", time)
          .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(time));
    }
  }
}
