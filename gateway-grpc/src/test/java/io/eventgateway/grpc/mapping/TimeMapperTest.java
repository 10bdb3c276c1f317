package io.eventgateway.grpc.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Timestamp;
import io.eventgateway.grpc.mapping.TimeMapper.InvalidTimeException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeMapperTest {

  @Test
  void theTimestampRangeIsInclusive() {
    assertThat(TimeMapper.toInstant(Timestamp.newBuilder().setSeconds(-62_135_596_800L).build()))
        .isEqualTo(TimeMapper.MIN_TIME);
    assertThat(
            TimeMapper.toInstant(
                Timestamp.newBuilder().setSeconds(253_402_300_799L).setNanos(999_999_999).build()))
        .isEqualTo(TimeMapper.MAX_TIME);
  }

  @Test
  void refusesTimestampsOutsideTheRangeSayingWhatIsWrong() {
    assertThat(
            catchThrowableOfType(
                InvalidTimeException.class,
                () -> TimeMapper.toInstant(Timestamp.newBuilder().setNanos(-1).build())))
        .hasMessage("has nanos -1; they must be between 0 and 999999999 (seconds 0)");
    assertThat(
            catchThrowableOfType(
                    InvalidTimeException.class,
                    () ->
                        TimeMapper.toInstant(
                            Timestamp.newBuilder().setSeconds(253_402_300_800L).build()))
                .description())
        .startsWith("is out of range: seconds 253402300800 is not between 0001-01-01T00:00:00Z");
  }

  @Test
  void anInstantRoundTrips() {
    Instant time = Instant.parse("2026-12-04T10:15:30.123456789Z");

    assertThat(TimeMapper.toInstant(TimeMapper.toTimestamp(time))).isEqualTo(time);
  }
}
