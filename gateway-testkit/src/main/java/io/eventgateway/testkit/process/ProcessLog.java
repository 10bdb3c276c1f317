package io.eventgateway.testkit.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * The file a {@link JvmProcess}'s output is appended to, each start preceded by a marker line, and
 * what is read back from it. Thread-safe: the offset of the current start is the only state.
 */
final class ProcessLog {
  private static final int TAIL_LINES = 40;
  private static final int TAIL_BYTES = 16 * 1024;

  private final Path file;
  private volatile long startOffset;

  ProcessLog(Path file) {
    this.file = file.toAbsolutePath();
  }

  Path file() {
    return file;
  }

  /** Appends {@code ===== <now> starting <what>} and takes what follows as this start's output. */
  void markStart(String what) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        "===== " + Instant.now() + " starting " + what + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    startOffset = Files.size(file);
  }

  /** Where the output of the current start begins. */
  long startOffset() {
    return startOffset;
  }

  /** The file's size now; 0 when it does not exist yet. */
  long size() {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException unreadable) {
      throw new UncheckedIOException("cannot read " + file, unreadable);
    }
  }

  /** The output from {@code offset} to the end. */
  String since(long offset) {
    try (RandomAccessFile input = new RandomAccessFile(file.toFile(), "r")) {
      long from = Math.min(Math.max(0, offset), input.length());
      byte[] bytes = new byte[Math.toIntExact(input.length() - from)];
      input.seek(from);
      input.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException unreadable) {
      throw new UncheckedIOException("cannot read " + file, unreadable);
    }
  }

  /** The output of the current start so far. */
  String sinceStart() {
    return since(startOffset);
  }

  /** The last lines of the file before {@code end}, or a note saying why there are none. */
  String tail(long end) {
    try (RandomAccessFile input = new RandomAccessFile(file.toFile(), "r")) {
      long until = Math.min(end, input.length());
      long from = Math.max(0, until - TAIL_BYTES);
      byte[] bytes = new byte[Math.toIntExact(until - from)];
      input.seek(from);
      input.readFully(bytes);
      List<String> lines = List.of(new String(bytes, StandardCharsets.UTF_8).split("\n", -1));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    } catch (IOException unreadable) {
      return "(cannot read " + file + ": " + unreadable + ")";
    }
  }

  /** {@code last lines of <file>:} and those lines, for failure messages. */
  String describe() {
    return "last lines of " + file + ":\n" + tail(Long.MAX_VALUE);
  }
}
