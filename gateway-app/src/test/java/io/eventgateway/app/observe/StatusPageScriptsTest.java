package io.eventgateway.app.observe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventgateway.app.testing.ExternalTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page's scripts: every ES module the page loads is served as JavaScript and no script
 * is inline (the CSP forbids it); the pure ones ({@code format.js}, {@code history.js}) pass their
 * unit tests, the {@code *.test.js} files in {@code src/test/js}, run by Node's own test runner
 * ({@code node --test}, no npm packages), and a planted failing node test shows that a failure is
 * seen. The node tests are skipped without {@code node} on the PATH, failed instead under {@code
 * ESG_REQUIRE_TOOLS=1} (see {@link ExternalTools}, which also ends node after two minutes).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StatusPageScriptsTest {
  private static final Path NODE_TESTS = Path.of("src", "test", "js");
  private static final Pattern SUMMARY = Pattern.compile("(?m)^\u2139 (pass|fail) (\\d+)$");
  private static final Pattern SCRIPT = Pattern.compile("<script([^>]*)>");
  private static final Pattern MODULE_SCRIPT =
      Pattern.compile("<script type=\"module\" src=\"([^\"]+)\"></script>");
  private static final Pattern IMPORT = Pattern.compile("(?:from|import) '\\./([^']+)'");

  @TempDir Path directory;

  @Test
  void everyModuleThePageLoadsIsServedAsJavaScriptAndNoScriptIsInline() {
    StatusPageFiles files = StatusPageFiles.load();
    String page = text(files, "/");
    Matcher script = SCRIPT.matcher(page);
    while (script.find()) {
      assertThat(script.group(1)).as("a script of the page").contains(" src=\"/");
    }
    Matcher main = MODULE_SCRIPT.matcher(page);
    assertThat(main.find()).as("the page loads a module:%n%s", page).isTrue();

    Set<String> loaded = new TreeSet<>();
    Deque<String> toRead = new ArrayDeque<>(List.of(main.group(1)));
    while (!toRead.isEmpty()) {
      String path = toRead.pop();
      if (loaded.add(path)) {
        assertThat(files.get(path).map(StatusPageFiles.File::contentType))
            .as("the content type of %s", path)
            .hasValue("text/javascript; charset=utf-8");
        Matcher imported = IMPORT.matcher(text(files, path));
        while (imported.find()) {
          toRead.push("/" + imported.group(1));
        }
      }
    }
    assertThat(loaded)
        .containsExactlyInAnyOrder(
            "/main.js", "/format.js", "/history.js", "/chart.js", "/render.js");
    assertThat(files.get("/status.js")).as("the script the modules replaced").isEmpty();
  }

  @Test
  void theStatusPageScriptsPassTheirNodeTests() throws IOException {
    List<Path> tests = nodeTests();
    assertThat(tests.stream().map(test -> test.getFileName().toString()))
        .as("the node tests in %s", NODE_TESTS)
        .contains("format.test.js", "history.test.js");

    ExternalTools.Result result = nodeTest(tests);

    assertThat(result.exitCode()).as("node --test failed:%n%s", result.output()).isZero();
    assertThat(count(result, "fail")).as("failed node tests:%n%s", result.output()).isZero();
    assertThat(count(result, "pass")).as("passed node tests:%n%s", result.output()).isPositive();
  }

  @Test
  void aFailingNodeTestFailsTheRun() throws IOException {
    Path failing = directory.resolve("failing.test.mjs");
    Files.writeString(
        failing,
        """
        import assert from 'node:assert/strict';
        import { test } from 'node:test';
        test('passes', () => assert.equal(1 + 1, 2));
        test('fails', () => assert.equal('0.50', '0.5', 'planted failure'));
        """,
        UTF_8);

    ExternalTools.Result result = nodeTest(List.of(failing));

    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(count(result, "fail")).as(result.output()).isEqualTo(1);
    assertThat(count(result, "pass")).as(result.output()).isEqualTo(1);
    assertThat(result.output()).contains("planted failure");
  }

  private static String text(StatusPageFiles files, String path) {
    return new String(files.get(path).orElseThrow().content(), UTF_8);
  }

  private static List<Path> nodeTests() throws IOException {
    try (Stream<Path> files = Files.list(NODE_TESTS)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".test.js"))
          .sorted()
          .toList();
    }
  }

  /**
   * {@code node --test} on {@code files}: the spec reporter's output (a line per test, the failures
   * again at the end with their assertion), each test given at most 30 s.
   */
  private static ExternalTools.Result nodeTest(List<Path> files) {
    Path node = ExternalTools.require("node", "Node.js 20 or later: `apt-get install nodejs`");
    List<String> arguments =
        new ArrayList<>(List.of("--test", "--test-reporter=spec", "--test-timeout=30000"));
    files.forEach(file -> arguments.add(file.toAbsolutePath().toString()));
    try {
      return ExternalTools.run(node, null, arguments.toArray(String[]::new));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run node", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running node", e);
    }
  }

  /** The count on the summary's pass or fail line ("\u2139 pass 58"). */
  private static int count(ExternalTools.Result result, String which) {
    Matcher line = SUMMARY.matcher(result.output());
    while (line.find()) {
      if (line.group(1).equals(which)) {
        return Integer.parseInt(line.group(2));
      }
    }
    throw new AssertionError("no '" + which + "' line in node's output:\n" + result.output());
  }
}
