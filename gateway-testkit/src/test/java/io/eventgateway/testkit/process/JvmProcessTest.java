package io.eventgateway.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link JvmProcess} on real child JVMs ({@link ChildMain}). */
@Timeout(120)
class JvmProcessTest {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path directory;

  private final List<JvmProcess> started = new CopyOnWriteArrayList<>();

  @AfterEach
  void killWhatIsLeft() {
    started.forEach(JvmProcess::killNow);
  }

  @Test
  void startsAChildWithItsEnvironmentAndWaitsForItsReadyLine() throws IOException {
    JvmProcess child =
        track(
            JvmProcess.of(
                "child", command("ready").environment("CHILD_GREETING", "hello").build(), log()));

    child.start();
    child.awaitLogLine(ChildMain.READY, READY_TIMEOUT);

    assertThat(child.isRunning()).isTrue();
    assertThat(ProcessHandle.of(child.pid())).isPresent();
    assertThat(child.linesSinceStart()).contains(ChildMain.READY + " hello");
    assertThat(Files.readString(child.logFile())).startsWith("===== ").contains("starting child: ");
  }

  @Test
  void waitsUntilTheReadinessUrlAnswers200() {
    int port = FreePorts.onLoopback();
    JvmProcess child = track(JvmProcess.of("child", command("http", port, 5).build(), log()));

    child.start();
    child.awaitReady(JvmProcess.readyUrl(port), READY_TIMEOUT);

    assertThat(child.isRunning()).isTrue();
  }

  @Test
  void failsAtOnceWhenTheChildExitsBeforeItIsReady() {
    JvmProcess child = track(JvmProcess.of("child", command("exit", 3).build(), log()));
    child.start();

    assertThatThrownBy(() -> child.awaitLogLine(ChildMain.READY, Duration.ofMinutes(1)))
        .isInstanceOf(JvmProcessException.class)
        .hasMessageContaining("exited with status 3 before it was ready")
        .hasMessageContaining("child exits with 3");
    assertThat(child.exitValue()).hasValue(3);
  }

  @Test
  void aChildNotReadyInTimeFailsWithItsLogAndLeavesItsThreadDumpThere() throws IOException {
    int port = FreePorts.onLoopback();
    JvmProcess child = track(JvmProcess.of("child", command("silent").build(), log()));
    child.start();

    assertThatThrownBy(() -> child.awaitReady(JvmProcess.readyUrl(port), Duration.ofSeconds(2)))
        .isInstanceOf(JvmProcessException.class)
        .hasMessageContaining(
            "was not ready (200 from " + JvmProcess.readyUrl(port) + ") within 2 s")
        .hasMessageContaining("its last answer: java.net.ConnectException")
        .hasMessageContaining("its thread dump follows them there");
    assertThat(Files.readString(child.logFile())).contains("Full thread dump", "\"main\"");
    assertThat(child.isRunning()).as("left as it is").isTrue();
  }

  @Test
  void terminateSendsSigtermAndReturnsTheExitStatus() {
    JvmProcess child = track(JvmProcess.of("child", command("ready").build(), log()));
    child.start();
    child.awaitLogLine(ChildMain.READY, READY_TIMEOUT);

    int status = child.terminate(Duration.ofSeconds(30));

    assertThat(status).as("128 + SIGTERM").isEqualTo(143);
    assertThat(child.isRunning()).isFalse();
    assertThat(child.logSinceStart()).contains(ChildMain.STOPPING);
  }

  @Test
  void closeKillsAChildThatDoesNotStopWithinTheGrace() {
    JvmProcess child =
        track(
            JvmProcess.builder("child", command("stubborn").build(), log())
                .stopGrace(Duration.ofMillis(500))
                .build());
    child.start();
    child.awaitLogLine(ChildMain.READY, READY_TIMEOUT);
    long pid = child.pid();

    child.close();

    assertThat(child.isRunning()).isFalse();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(child.exitValue()).as("128 + SIGKILL").hasValue(137);
  }

  @Test
  void aPausedChildIsStoppedUntilResumed() throws IOException {
    JvmProcess child = track(JvmProcess.of("child", command("ready").build(), log()));
    child.start();
    child.awaitLogLine(ChildMain.READY, READY_TIMEOUT);

    child.pause();
    assertThat(child.isPaused()).isTrue();
    await().atMost(READY_TIMEOUT).until(() -> state(child.pid()) == 'T');

    child.resume();
    assertThat(child.isPaused()).isFalse();
    await().atMost(READY_TIMEOUT).until(() -> state(child.pid()) != 'T');
  }

  @Test
  void restartsWithTheSameCommandAndKeepsTheEarlierOutputInTheLog() throws IOException {
    JvmProcess child = track(JvmProcess.of("child", command("ready").build(), log()));
    child.start();
    child.awaitLogLine(ChildMain.READY, READY_TIMEOUT);
    long firstPid = child.pid();

    child.kill9();
    assertThat(child.isRunning()).isFalse();
    assertThatThrownBy(child::pause)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("child cannot be paused: it is not running");
    child.start();
    child.awaitLogLine(ChildMain.READY, READY_TIMEOUT);

    assertThat(child.pid()).isNotEqualTo(firstPid);
    assertThat(child.linesSinceStart()).containsOnlyOnce(ChildMain.READY + " null");
    assertThat(Files.readString(child.logFile()).split("starting child", -1)).hasSize(3);
  }

  @Test
  void handsEachLineToTheOutputListener() {
    List<String> lines = new CopyOnWriteArrayList<>();
    JvmProcess child =
        track(
            JvmProcess.builder("child", command("exit", 0).build(), log())
                .outputListener(lines::add)
                .build());

    child.start();
    assertThat(child.awaitExit(READY_TIMEOUT)).isTrue();
    child.close();

    await().atMost(READY_TIMEOUT).until(() -> lines.contains("child exits with 0"));
  }

  @Test
  void aChildThatDiesWithItsParentEndsWhenTheParentIsKilled() {
    JvmProcess parent = track(JvmProcess.of("parent", command("parent", directory).build(), log()));
    parent.start();
    parent.awaitLogLine(ChildMain.GRANDCHILD, READY_TIMEOUT);
    String line =
        parent.linesSinceStart().stream()
            .filter(l -> l.startsWith(ChildMain.GRANDCHILD))
            .findFirst()
            .orElseThrow();
    long grandchild = Long.parseLong(line.substring(ChildMain.GRANDCHILD.length()).trim());
    assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive)).hasValue(true);

    parent.kill9(); // no shutdown hook runs

    await("the grandchild gone")
        .atMost(READY_TIMEOUT)
        .until(() -> !ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false));
  }

  @Test
  void refusesToStartTwice() {
    JvmProcess child = track(JvmProcess.of("child", command("ready").build(), log()));
    child.start();

    assertThatThrownBy(child::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("child is running");
  }

  private JvmProcess track(JvmProcess process) {
    started.add(process);
    return process;
  }

  private Path log() {
    return directory.resolve("child").resolve("child.log");
  }

  private static JvmCommand.Builder command(Object... arguments) {
    return JvmCommand.mainClass(ChildMain.class)
        .jvmOptions("-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
        .arguments(java.util.Arrays.stream(arguments).map(String::valueOf).toList());
  }

  /** The process's state letter in /proc: T when stopped. */
  private static char state(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return stat.charAt(stat.lastIndexOf(')') + 2);
  }
}
