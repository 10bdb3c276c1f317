package io.eventgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgateway.api.v1.PublishResult;
import io.grpc.Status;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class MeasurementTest {
  private static final long MS = 1_000_000;

  @Test
  void aFixedRatePacerSchedulesFromTheStartWhateverHappened() {
    Pacer pacer = new Pacer(1_000 * MS, 1_000);
    assertThat(pacer.openLoop()).isFalse();
    assertThat(pacer.intendedNanos(0)).isEqualTo(1_000 * MS);
    assertThat(pacer.intendedNanos(250)).isEqualTo(1_250 * MS);
    assertThat(new Pacer(0, 0).awaitNext(42)).isEqualTo(42);
  }

  @Test
  void latencyCountsFromTheIntendedSendTimeSoAStallCountsForEveryEventItHeldBack() {
    Measurement measurement = new Measurement();
    measurement.openWindow(0);
    // 1000 events/s; a 100 ms stall holds events 0..99 back, all sent at 100 ms, acked at 101 ms
    Pacer pacer = new Pacer(0, 1_000);
    for (int k = 0; k < 100; k++) {
      measurement.acked(pacer.intendedNanos(k), 101 * MS, 10);
    }
    Histogram micros = measurement.latencyMicros();
    assertThat(micros.getTotalCount()).isEqualTo(100);
    assertThat(micros.getMaxValue()).isBetween(100_000L, 101_100L);
    assertThat(micros.getValueAtPercentile(50)).isBetween(50_000L, 52_000L);
    assertThat(micros.getMinValue()).isBetween(1_900L, 2_100L);
  }

  @Test
  void onlyEventsMeantForTheWindowCount() {
    Measurement measurement = new Measurement();
    measurement.sent(4);
    measurement.acked(5 * MS, 6 * MS, 100); // warm-up
    measurement.openWindow(10 * MS);
    measurement.acked(10 * MS, 12 * MS, 100);
    measurement.failed(11 * MS, "UNAVAILABLE: first");
    measurement.closeWindow(20 * MS);
    measurement.failed(21 * MS, "UNAVAILABLE: second"); // drain
    assertThat(measurement.measuredAcked()).isEqualTo(1);
    assertThat(measurement.measuredBytes()).isEqualTo(100);
    assertThat(measurement.measuredFailed()).isEqualTo(1);
    assertThat(measurement.failed()).isEqualTo(2);
    assertThat(measurement.completed()).isEqualTo(4);
    assertThat(measurement.firstFailure()).isEqualTo("UNAVAILABLE: first");
    assertThat(measurement.latencyMicros().getTotalCount()).isEqualTo(1);
  }

  @Test
  void aResultCountsAsAckedWhenOkAndAsFailedWithItsStatusOtherwise() {
    Measurement measurement = new Measurement();
    measurement.openWindow(0);
    measurement.result(PublishResult.newBuilder().build(), MS, 2 * MS, 100);
    measurement.result(
        PublishResult.newBuilder()
            .setStatus(
                com.google.rpc.Status.newBuilder()
                    .setCode(Status.Code.INVALID_ARGUMENT.value())
                    .setMessage("event.type: is required"))
            .build(),
        MS,
        2 * MS,
        100);
    assertThat(measurement.measuredAcked()).isEqualTo(1);
    assertThat(measurement.measuredFailed()).isEqualTo(1);
    assertThat(measurement.firstFailure())
        .isEqualTo(
            "Status{code=INVALID_ARGUMENT, description=null, cause=null}: event.type: is required");
  }
}
