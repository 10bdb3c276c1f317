package io.eventgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChildProcessTest {
  private final PrintStream echo =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @Test
  void asksReadinessUntilTheChildIsReady() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    try (ChildProcess child =
        ChildProcess.start(
            "sleeper",
            List.of("sleep", "60"),
            Map.of(),
            () -> asked.incrementAndGet() == 3,
            Duration.ofSeconds(30),
            echo)) {
      assertThat(asked).hasValue(3);
      assertThat(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive)).hasValue(true);
    }
  }

  @Test
  void failsWithTheLastOutputWhenTheChildEndsBeforeItIsReady() {
    assertThatThrownBy(
            () ->
                ChildProcess.start(
                    "java",
                    List.of(ChildProcess.java(), "-version"),
                    Map.of(),
                    () -> false,
                    Duration.ofSeconds(30),
                    echo))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("java ended; its last output:")
        .hasMessageContaining("version");
  }

  @Test
  void failsAndStopsTheChildWhenItIsNotReadyInTime() {
    assertThatThrownBy(
            () ->
                ChildProcess.start(
                    "sleeper",
                    List.of("sleep", "60"),
                    Map.of(),
                    () -> false,
                    Duration.ofMillis(300),
                    echo))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("sleeper not ready in 0 s");
  }
}
