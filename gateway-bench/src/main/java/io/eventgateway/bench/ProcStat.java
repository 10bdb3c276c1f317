package io.eventgateway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time of another process on Linux, read from {@code /proc/<pid>/stat}: user plus system time
 * ({@code utime + stime}, fields 14 and 15), in clock ticks of {@code getconf CLK_TCK}.
 */
final class ProcStat {
  private static final long DEFAULT_CLOCK_TICKS = 100;

  private final long clockTicksPerSecond;

  ProcStat(long clockTicksPerSecond) {
    if (clockTicksPerSecond <= 0) {
      throw new IllegalArgumentException(
          "clock ticks per second must be positive, was " + clockTicksPerSecond);
    }
    this.clockTicksPerSecond = clockTicksPerSecond;
  }

  /** With the clock ticks {@code getconf CLK_TCK} prints (100 when it cannot be run). */
  static ProcStat forThisMachine() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (getconf.waitFor() == 0) {
        return new ProcStat(Long.parseLong(out.trim()));
      }
    } catch (IOException | NumberFormatException unavailable) {
      // fall through to the usual Linux value
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    return new ProcStat(DEFAULT_CLOCK_TICKS);
  }

  /** Whether {@code /proc/self/stat} exists (Linux). */
  static boolean available() {
    return Files.isReadable(Path.of("/proc/self/stat"));
  }

  long clockTicksPerSecond() {
    return clockTicksPerSecond;
  }

  /** The CPU time {@code pid} has used so far, in nanoseconds. */
  long cpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return ticksToNanos(cpuTicks(stat));
    } catch (IOException unreadable) {
      throw new UncheckedIOException("cannot read the CPU time of process " + pid, unreadable);
    }
  }

  long ticksToNanos(long ticks) {
    return ticks * 1_000_000_000L / clockTicksPerSecond;
  }

  /**
   * {@code utime + stime} of one {@code /proc/<pid>/stat} line. The command name (field 2) is in
   * parentheses and may itself hold spaces and parentheses, so fields are counted after the last
   * {@code ')'}.
   */
  static long cpuTicks(String statLine) {
    int end = statLine.lastIndexOf(')');
    if (end < 0) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + statLine);
    }
    List<String> fields = Words.split(statLine.substring(end + 1).trim());
    // fields after the command start with field 3 (state); utime is field 14, stime field 15
    if (fields.size() < 13) {
      throw new IllegalArgumentException("too few fields in /proc/<pid>/stat line: " + statLine);
    }
    return Long.parseLong(fields.get(14 - 3)) + Long.parseLong(fields.get(15 - 3));
  }
}
