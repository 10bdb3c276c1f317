package io.eventgateway.app.ops;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** Where the operations files live and the metric names the gateway exports. */
final class OpsFiles {
  static final Path ROOT = repositoryRoot();
  static final Path ALERT_RULES = ROOT.resolve("ops/prometheus/esg-alerts.yml");
  static final Path ALERT_RULE_TESTS = ROOT.resolve("ops/prometheus/esg-alerts.test.yml");
  static final Path DASHBOARD = ROOT.resolve("ops/grafana/esg-dashboard.json");
  static final Path README = ROOT.resolve("ops/README.md");

  /**
   * Series Prometheus makes itself, not the gateway: {@code up} is written for every scrape target.
   */
  static final Set<String> PROMETHEUS_SERIES = Set.of("up");

  private OpsFiles() {}

  /**
   * The metric base names of {@code src/test/resources/ops/exported-metrics.txt}, one per line, as
   * the gateway's {@code /metrics} shows them; histograms and summaries by their base name (their
   * series add {@code _bucket}, {@code _count} and {@code _sum}).
   */
  static Set<String> exportedMetrics() {
    try (InputStream in = OpsFiles.class.getResourceAsStream("/ops/exported-metrics.txt")) {
      if (in == null) {
        throw new IllegalStateException("no ops/exported-metrics.txt on the test classpath");
      }
      Set<String> names = new LinkedHashSet<>();
      for (String line : new String(in.readAllBytes(), UTF_8).split("\n", -1)) {
        if (!line.isBlank()) {
          names.add(line.strip());
        }
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The repository root: surefire runs in the module directory ({@code gateway-app}), so it is the
   * parent; searched upwards so that a test run from the root works too.
   */
  private static Path repositoryRoot() {
    Path directory = Path.of("").toAbsolutePath();
    for (Path candidate = directory; candidate != null; candidate = candidate.getParent()) {
      if (Files.isRegularFile(candidate.resolve("ops/prometheus/esg-alerts.yml"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no ops/prometheus/esg-alerts.yml in or above " + directory);
  }
}
