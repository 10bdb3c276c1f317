package io.eventgateway.testkit.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * How a {@link JvmProcess} is awaited: polled with Awaitility every 100 ms until a condition holds,
 * failing at once when the process ends, and with a thread dump and the log's last lines when the
 * time is up. Thread-safe (no state of its own).
 */
final class Readiness {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration THREAD_DUMP_WAIT = Duration.ofSeconds(5);

  /** The last line of a HotSpot thread dump. */
  private static final String THREAD_DUMP_END = "JNI global refs";

  private final String name;
  private final ProcessLog log;

  Readiness(String name, ProcessLog log) {
    this.name = name;
    this.log = log;
  }

  /** Until a GET of {@code url} answers 200. */
  void awaitHttp(Process process, URI url, Duration timeout) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(HTTP_TIMEOUT).GET().build();
    AtomicReference<String> lastAnswer = new AtomicReference<>("none");
    await(
        process,
        "ready (200 from " + url + ")",
        timeout,
        () -> "its last answer: " + lastAnswer.get(),
        () -> {
          try {
            HttpResponse<String> response =
                client.send(request, HttpResponse.BodyHandlers.ofString());
            lastAnswer.set(response.statusCode() + " " + response.body().strip());
            return response.statusCode() == 200;
          } catch (IOException unreachable) {
            lastAnswer.set(unreachable.toString());
            return false;
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new JvmProcessException("interrupted while waiting for " + name, interrupted);
          }
        });
  }

  /** Until the output of this start contains {@code text}. */
  void awaitLogLine(Process process, String text, Duration timeout) {
    await(
        process,
        "ready (its log to say '" + text + "')",
        timeout,
        () -> "it has not said so",
        () -> log.sinceStart().contains(text));
  }

  /** SIGQUIT, and up to 5 s for the dump to be in the log; whether it was. */
  boolean threadDump(Process process) {
    long before = log.size();
    Signals.send("QUIT", process.pid(), name);
    try {
      Awaitility.await(name + "'s thread dump")
          .atMost(THREAD_DUMP_WAIT)
          .pollInterval(POLL)
          .pollInSameThread()
          .until(() -> log.since(before).contains(THREAD_DUMP_END));
      return true;
    } catch (ConditionTimeoutException incomplete) {
      return false;
    }
  }

  private void await(
      Process process,
      String what,
      Duration timeout,
      Supplier<String> lastSeen,
      Callable<Boolean> ready) {
    try {
      Awaitility.await(name + " " + what)
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(POLL)
          .pollInSameThread()
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new JvmProcessException(
                      name
                          + " (pid "
                          + process.pid()
                          + ") exited with status "
                          + process.exitValue()
                          + " before it was "
                          + what
                          + "; "
                          + log.describe());
                }
                return ready.call();
              });
    } catch (ConditionTimeoutException late) {
      long end = log.size();
      boolean dumped = process.isAlive() && threadDumpQuietly(process);
      throw new JvmProcessException(
          name
              + " (pid "
              + process.pid()
              + ") was not "
              + what
              + " within "
              + timeout.toSeconds()
              + " s; "
              + lastSeen.get()
              + "; last lines of "
              + log.file()
              + (dumped ? " (its thread dump follows them there)" : "")
              + ":\n"
              + log.tail(end),
          late);
    }
  }

  private boolean threadDumpQuietly(Process process) {
    try {
      return threadDump(process);
    } catch (RuntimeException notPossible) {
      return false;
    }
  }
}
