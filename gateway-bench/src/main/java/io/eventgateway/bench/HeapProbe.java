package io.eventgateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap another JVM uses after a full collection: {@code jcmd <pid> GC.run}, then {@code jcmd
 * <pid> GC.heap_info}, summing the {@code used NNNK} figures of the heap lines (one line with G1,
 * one per generation with the serial and parallel collectors; metaspace is not heap).
 */
final class HeapProbe {
  private static final Pattern USED = Pattern.compile("\\bused (\\d+)K");

  private HeapProbe() {}

  /** The used heap of {@code pid} after a GC, in bytes; empty when jcmd fails. */
  static OptionalLong usedAfterGc(long pid) {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    try {
      run(List.of(jcmd, Long.toString(pid), "GC.run"));
      return parseUsedBytes(run(List.of(jcmd, Long.toString(pid), "GC.heap_info")));
    } catch (IOException failed) {
      return OptionalLong.empty();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }

  /** The heap's used bytes in {@code GC.heap_info} output; empty when it names none. */
  static OptionalLong parseUsedBytes(String heapInfo) {
    long kib = 0;
    boolean found = false;
    for (String line : heapInfo.split("\n", -1)) {
      if (line.contains("Metaspace") || line.contains("class space")) {
        break;
      }
      Matcher used = USED.matcher(line);
      if (used.find()) {
        kib += Long.parseLong(used.group(1));
        found = true;
      }
    }
    return found ? OptionalLong.of(kib * 1024) : OptionalLong.empty();
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(command + " failed: " + out);
    }
    return out;
  }
}
