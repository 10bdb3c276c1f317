package io.eventgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgateway.testkit.process.FreePorts;
import io.eventgateway.testkit.process.JvmCommand;
import io.eventgateway.testkit.process.JvmProcess;
import io.eventgateway.testkit.process.JvmProcessException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ChildJvms} on real child JVMs ({@link ChildMain}): readiness, failures, the echo. */
class ChildJvmsTest {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path directory;

  private final ByteArrayOutputStream echoed = new ByteArrayOutputStream();
  private final PrintStream echo = new PrintStream(echoed, true, StandardCharsets.UTF_8);

  private static JvmCommand child(Object... arguments) {
    return JvmCommand.mainClass(ChildMain.class)
        .jvmOptions("-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
        .arguments(java.util.Arrays.stream(arguments).map(String::valueOf).toList())
        .build();
  }

  private JvmProcess start(JvmCommand command, int port, Duration timeout) {
    return ChildJvms.start(
        "child",
        command,
        directory.resolve("child.log"),
        echo,
        p -> p.awaitReady(JvmProcess.readyUrl(port), timeout));
  }

  @Test
  void asksReadinessUntilTheChildIsReady() {
    int port = FreePorts.onLoopback();
    try (JvmProcess child = start(child("http", port, 2), port, READY_TIMEOUT)) {
      assertThat(child.isRunning()).isTrue();
      assertThat(child.linesSinceStart()).contains("asked 1: 503", "asked 2: 503", "asked 3: 200");
    }
  }

  @Test
  void notReadyWhileHealthReadyAnswersOtherThan200() {
    int port = FreePorts.onLoopback();
    assertThatThrownBy(() -> start(child("http", port, 1_000_000), port, Duration.ofSeconds(2)))
        .isInstanceOf(JvmProcessException.class)
        .hasMessageContaining("was not ready (200 from " + JvmProcess.readyUrl(port) + ")")
        .hasMessageContaining("its last answer: 503 starting");
  }

  @Test
  void failsWithTheLastOutputWhenTheChildEndsBeforeItIsReady() {
    int port = FreePorts.onLoopback();
    assertThatThrownBy(() -> start(child("exit"), port, READY_TIMEOUT))
        .isInstanceOf(JvmProcessException.class)
        .hasMessageContaining("exited with status 3 before it was ready")
        .hasMessageContaining("child exits with 3");
  }

  @Test
  void failsAndStopsTheChildWhenItIsNotReadyInTime() {
    int port = FreePorts.onLoopback(); // nothing listens there
    AtomicReference<JvmProcess> started = new AtomicReference<>();
    assertThatThrownBy(
            () ->
                ChildJvms.start(
                    "child",
                    child("silent"),
                    directory.resolve("child.log"),
                    echo,
                    p -> {
                      started.set(p);
                      p.awaitReady(JvmProcess.readyUrl(port), Duration.ofSeconds(1));
                    }))
        .isInstanceOf(JvmProcessException.class)
        .hasMessageContaining(
            "was not ready (200 from " + JvmProcess.readyUrl(port) + ") within 1 s")
        .hasMessageContaining("its last answer: java.net.ConnectException");
    assertThat(started.get().isRunning()).as("stopped").isFalse();
  }

  @Test
  void echoesWarningsAndErrorsWithTheChildsName() {
    var echoing = ChildJvms.echoing("broker", echo);
    echoing.accept("12:00:00.000 INFO  [main] started");
    echoing.accept("12:00:00.001 WARN  [main] slow disk");
    echoing.accept("12:00:00.002 ERROR [main] no space");
    echoing.accept("Exception in thread \"main\" java.lang.IllegalStateException");

    assertThat(echoed.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "[broker] 12:00:00.001 WARN  [main] slow disk",
            "[broker] 12:00:00.002 ERROR [main] no space",
            "[broker] Exception in thread \"main\" java.lang.IllegalStateException");
  }
}
