package io.eventgateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HostileOutcomeTest {
  private static final long MIB = 1 << 20;
  private static final Map<String, Map<String, Long>> EVERY_LIMIT_REACHED =
      Map.of(
          HostileOutcome.LARGE_EVENTS, Map.of("acknowledged", 10L),
          HostileOutcome.UNFINISHED,
              Map.of(
                  "RESOURCE_EXHAUSTED (grpc.max-unfinished-bytes-per-connection)", 3L,
                  "DEADLINE_EXCEEDED (grpc.unfinished-message-timeout)", 4L),
          HostileOutcome.METADATA, Map.of("RESOURCE_EXHAUSTED (grpc.max-metadata-bytes)", 50L),
          HostileOutcome.BURST, Map.of("closed at once", 16L, "accepted", 14L));

  @Test
  void holdsWithinTheBudgetPlusOneMessagePerOpenCall() {
    HostileOutcome outcome = outcome(EVERY_LIMIT_REACHED, 64 * MIB + 9 * 8 * MIB, 32 * MIB, false);

    assertThat(outcome.budgetBound()).isEqualTo(64 * MIB + 9 * 8 * MIB);
    assertThat(outcome.violations()).isEmpty();
    assertThat(outcome.describe())
        .contains("| oversized metadata | RESOURCE_EXHAUSTED (grpc.max-metadata-bytes) 50 |");
    assertThat(outcome.describe()).endsWith("held\n");
  }

  @Test
  void overTheBudgetsBoundOrTheUnfinishedBoundOrAnOutOfMemoryErrorDoesNotHold() {
    HostileOutcome outcome =
        outcome(EVERY_LIMIT_REACHED, 64 * MIB + 9 * 8 * MIB + 1, 32 * MIB + 1, true);

    assertThat(outcome.violations())
        .hasSize(3)
        .anySatisfy(v -> assertThat(v).startsWith("memory budget used"))
        .anySatisfy(v -> assertThat(v).contains("grpc.max-unfinished-bytes"))
        .anySatisfy(v -> assertThat(v).contains("OutOfMemoryError"));
    assertThat(outcome.describe()).contains("did not hold");
  }

  @Test
  void anAttackThatNeverReachedItsLimitDoesNotHold() {
    HostileOutcome outcome =
        outcome(
            Map.of(
                HostileOutcome.LARGE_EVENTS, Map.of("acknowledged", 10L),
                HostileOutcome.UNFINISHED, Map.of("RESOURCE_EXHAUSTED (grpc.other)", 4L),
                HostileOutcome.METADATA, Map.of("RESOURCE_EXHAUSTED", 50L),
                HostileOutcome.BURST, Map.of("accepted", 30L)),
            MIB,
            0,
            false);

    assertThat(outcome.violations())
        .hasSize(3)
        .anySatisfy(v -> assertThat(v).startsWith("no unfinished message refused"))
        .anySatisfy(v -> assertThat(v).startsWith("oversized metadata never refused"))
        .anySatisfy(v -> assertThat(v).startsWith("no connection of the burst closed"));
  }

  @Test
  void anOutcomeNamesTheSettingItsStatusNames() {
    assertThat(
            HostileOutcome.status(
                "RESOURCE_EXHAUSTED",
                "request metadata of 20034 bytes is over grpc.max-metadata-bytes (16384 bytes)"))
        .isEqualTo("RESOURCE_EXHAUSTED (grpc.max-metadata-bytes)");
    assertThat(HostileOutcome.status("RESOURCE_EXHAUSTED", "over memory.max-bytes (1 MiB)"))
        .isEqualTo("RESOURCE_EXHAUSTED (memory.max-bytes)");
    assertThat(HostileOutcome.status("CANCELLED", null)).isEqualTo("CANCELLED");
    assertThat(HostileOutcome.status("UNAVAILABLE", "io exception")).isEqualTo("UNAVAILABLE");
  }

  @Test
  void noScrapeMeansNothingWasMeasured() {
    HostileOutcome outcome =
        new HostileOutcome(
            EVERY_LIMIT_REACHED,
            new MemoryWatch.Maxima(0, 0, 0, 0, 0, 0, 0, 0, 0),
            9,
            8 * MIB,
            32 * MIB,
            false);

    assertThat(outcome.violations()).anySatisfy(v -> assertThat(v).startsWith("no /metrics"));
  }

  private static HostileOutcome outcome(
      Map<String, Map<String, Long>> attacks, long used, long unfinished, boolean oom) {
    return new HostileOutcome(
        attacks,
        new MemoryWatch.Maxima(
            64 * MIB, used, unfinished, 80 * MIB, 256 * MIB, 200 * MIB, 256 * MIB, 90 * MIB, 100),
        9,
        8 * MIB,
        32 * MIB,
        oom);
  }
}
