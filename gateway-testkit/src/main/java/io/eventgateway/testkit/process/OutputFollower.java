package io.eventgateway.testkit.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Hands the lines a process appends to its log to a listener, as they come, from a daemon thread of
 * its own that reads the file every 100 ms. It stops once the process has ended and its last line
 * was handed over, or when closed. A line is handed over once it is complete (ends with a newline),
 * the last one also when the process ends without one.
 */
final class OutputFollower implements AutoCloseable {
  private static final long PERIOD_MILLIS = 100;

  private final Path file;
  private final BooleanSupplier sourceAlive;
  private final Consumer<String> listener;
  private final ScheduledExecutorService reader;
  private final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();
  private long position;

  private OutputFollower(
      String name, Path file, long offset, BooleanSupplier sourceAlive, Consumer<String> listener) {
    this.file = file;
    this.position = offset;
    this.sourceAlive = sourceAlive;
    this.listener = listener;
    this.reader =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, name + "-output");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Follows {@code file} from {@code offset} while {@code sourceAlive} says the writer runs. */
  static OutputFollower follow(
      String name, Path file, long offset, BooleanSupplier sourceAlive, Consumer<String> listener) {
    OutputFollower follower = new OutputFollower(name, file, offset, sourceAlive, listener);
    var unused =
        follower.reader.scheduleWithFixedDelay(
            follower::readNewLines, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    return follower;
  }

  private void readNewLines() {
    boolean ended = !sourceAlive.getAsBoolean(); // before reading: what it wrote is in the file
    try (RandomAccessFile input = new RandomAccessFile(file.toFile(), "r")) {
      long length = input.length();
      if (length > position) {
        byte[] bytes = new byte[Math.toIntExact(length - position)];
        input.seek(position);
        input.readFully(bytes);
        position = length;
        for (byte b : bytes) {
          if (b == '\n') {
            emit();
          } else {
            partialLine.write(b);
          }
        }
      }
    } catch (IOException unreadable) {
      // not there yet: try again next round
    }
    if (ended) {
      if (partialLine.size() > 0) {
        emit();
      }
      reader.shutdown();
    }
  }

  private void emit() {
    String line = partialLine.toString(StandardCharsets.UTF_8);
    partialLine.reset();
    try {
      listener.accept(line);
    } catch (RuntimeException failed) {
      // the listener's problem; the lines after this one still go to it
    }
  }

  /**
   * Stops following: when the process has ended, after its last lines (waiting up to a second for
   * them); otherwise at once.
   */
  @Override
  public void close() {
    try {
      if (!sourceAlive.getAsBoolean()) {
        reader.awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } finally {
      reader.shutdownNow();
    }
  }
}
