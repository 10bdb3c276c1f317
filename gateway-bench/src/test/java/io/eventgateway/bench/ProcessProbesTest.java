package io.eventgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ProcessProbesTest {
  @Test
  void readsUserAndSystemTicksAfterTheCommandName() {
    String stat =
        "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 81234 0 12 0 1500 250 0 0 20 0 42 0"
            + " 123456 4000000000 50000 18446744073709551615 1 1 0 0 0 0 0 4096 17000 0 0 0 17 1";
    assertThat(ProcStat.cpuTicks(stat)).isEqualTo(1750);
    assertThat(new ProcStat(100).ticksToNanos(1750)).isEqualTo(17_500_000_000L);
    assertThatThrownBy(() -> ProcStat.cpuTicks("garbage"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsThisProcessOnLinux() {
    if (ProcStat.available()) {
      assertThat(ProcStat.forThisMachine().cpuNanos(ProcessHandle.current().pid())).isPositive();
    }
  }

  @Test
  void readsTheUsedHeapOfG1AndOfGenerationalCollectors() {
    String g1 =
        """
        4242:
         garbage-first heap   total 262144K, used 40960K [0x00000000c0000000, 0x0000000100000000)
          region size 1024K, 3 young (3072K), 0 survivors (0K)
         Metaspace       used 51200K, committed 52000K, reserved 1114112K
          class space    used 6000K, committed 6500K, reserved 1048576K
        """;
    assertThat(HeapProbe.parseUsedBytes(g1)).hasValue(40960L * 1024);
    String serial =
        """
        4242:
         def new generation   total 9792K, used 1024K [0x1, 0x2, 0x3)
          eden space 8704K,  11% used [0x1, 0x2, 0x3)
         tenured generation   total 21888K, used 2048K [0x1, 0x2, 0x3)
         Metaspace       used 512K, committed 1024K, reserved 1056768K
        """;
    assertThat(HeapProbe.parseUsedBytes(serial)).hasValue(3072L * 1024);
    assertThat(HeapProbe.parseUsedBytes("4242:\nNo such process")).isEmpty();
  }

  @Test
  void readsDurations() {
    DurationConverter converter = new DurationConverter();
    assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(converter.convert("PT1H")).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> converter.convert("30"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("30s");
  }

  @Test
  void splitsWords() {
    assertThat(Words.split("  -Xmx1g \t -XX:+UseG1GC ")).containsExactly("-Xmx1g", "-XX:+UseG1GC");
    assertThat(Words.split("")).isEmpty();
  }
}
