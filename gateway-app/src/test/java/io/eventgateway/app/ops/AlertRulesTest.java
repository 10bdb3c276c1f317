package io.eventgateway.app.ops;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventgateway.app.testing.ExternalTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus rules of {@code ops/prometheus/esg-alerts.yml}: promtool accepts them and their
 * unit tests ({@code esg-alerts.test.yml}) pass; every alert has a for:, a severity, a summary, a
 * description and a runbook section, and a unit test where it fires and one where it does not; the
 * rules select only metrics the gateway exports. Each check is also run on a broken copy, to show
 * that it can fail. The promtool tests are skipped without promtool (see {@link Promtool}); the
 * others always run.
 */
class AlertRulesTest {
  @TempDir Path directory;

  private static JsonNode ruleFile() throws IOException {
    return OpsChecks.YAML.readTree(OpsFiles.ALERT_RULES.toFile());
  }

  private static Set<String> readmeAnchors() throws IOException {
    return OpsChecks.markdownAnchors(Files.readString(OpsFiles.README, UTF_8));
  }

  @Test
  void promtoolAcceptsTheRules() {
    ExternalTools.Result result = Promtool.onPathOrSkip().checkRules(OpsFiles.ALERT_RULES);
    assertThat(result.exitCode()).as("promtool check rules:%n%s", result.output()).isZero();
  }

  @Test
  void theRulesPassTheirUnitTests() {
    ExternalTools.Result result = Promtool.onPathOrSkip().testRules(OpsFiles.ALERT_RULE_TESTS);
    assertThat(result.exitCode()).as("promtool test rules:%n%s", result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void promtoolRejectsARuleWithInvalidPromQl() throws IOException {
    Path broken = directory.resolve("broken.yml");
    Files.writeString(
        broken,
        """
        groups:
          - name: broken
            rules:
              - alert: RateWithoutRange
                expr: rate(esg_publish_events_total) > 0
                for: 1m
        """,
        UTF_8);
    ExternalTools.Result result = Promtool.onPathOrSkip().checkRules(broken);
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("range vector");
  }

  @Test
  void aUnitTestThatExpectsTheWrongAlertFails() throws IOException {
    Files.copy(OpsFiles.ALERT_RULES, directory.resolve("esg-alerts.yml"));
    Path test = directory.resolve("wrong.test.yml");
    Files.writeString(
        test,
        """
        rule_files: [esg-alerts.yml]
        evaluation_interval: 1m
        tests:
          - interval: 1m
            input_series:
              - series: esg_kafka_partitions_offline{job="esg",instance="gw1",topic="orders"}
                values: 0x10
            alert_rule_test:
              - eval_time: 5m
                alertname: EsgKafkaPartitionsOffline
                exp_alerts:
                  - exp_labels: {severity: critical, job: esg, topic: orders}
        """,
        UTF_8);
    ExternalTools.Result result = Promtool.onPathOrSkip().testRules(test);
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("FAILED").contains("EsgKafkaPartitionsOffline");
  }

  @Test
  void everyAlertHasForSeveritySummaryDescriptionAndARunbookSection() throws IOException {
    JsonNode rules = ruleFile();
    assertThat(OpsChecks.alertNames(rules)).hasSizeGreaterThanOrEqualTo(16);
    assertThat(OpsChecks.ruleProblems(rules, readmeAnchors())).isEmpty();
  }

  @Test
  void theRuleChecksCatchAnIncompleteAlertAndABadlyNamedRecordingRule() throws IOException {
    JsonNode broken =
        OpsChecks.YAML.readTree(
            """
            groups:
              - name: broken
                rules:
                  - record: esg_publish_events_rate
                    expr: sum(rate(esg_publish_events_total[5m]))
                  - alert: Incomplete
                    expr: esg_ready == 0
                    labels: {severity: page}
                    annotations:
                      summary: not ready
                      runbook_url: ops/README.md#no-such-section
            """);
    assertThat(OpsChecks.ruleProblems(broken, readmeAnchors()))
        .containsExactly(
            "recording rule esg_publish_events_rate is not named level:metric:operations",
            "Incomplete: no for:",
            "Incomplete: severity 'page' is not warning or critical",
            "Incomplete: no description annotation",
            "Incomplete: runbook_url 'ops/README.md#no-such-section' names no heading of"
                + " ops/README.md");
  }

  @Test
  void everyAlertHasAUnitTestWhereItFiresAndOneWhereItDoesNot() throws IOException {
    JsonNode tests = OpsChecks.YAML.readTree(OpsFiles.ALERT_RULE_TESTS.toFile());
    assertThat(OpsChecks.untestedAlerts(OpsChecks.alertNames(ruleFile()), tests)).isEmpty();
  }

  @Test
  void theCoverageCheckCatchesAnAlertTestedOnlyWhereItFires() throws IOException {
    JsonNode tests =
        OpsChecks.YAML.readTree(
            """
            tests:
              - alert_rule_test:
                  - alertname: EsgKafkaPartitionsOffline
                    exp_alerts:
                      - exp_labels: {topic: orders}
            """);
    assertThat(
            OpsChecks.untestedAlerts(
                Set.of("EsgKafkaPartitionsOffline", "EsgKafkaUnreachable"), tests))
        .containsExactlyInAnyOrder(
            "EsgKafkaPartitionsOffline: no unit test where it must not fire (exp_alerts: [])",
            "EsgKafkaUnreachable: no unit test where it fires",
            "EsgKafkaUnreachable: no unit test where it must not fire (exp_alerts: [])");
  }

  @Test
  void theRulesSelectOnlyExportedOrRecordedMetrics() throws IOException {
    JsonNode rules = ruleFile();
    Set<String> known =
        OpsChecks.knownNames(OpsFiles.exportedMetrics(), OpsChecks.recordedNames(rules));
    Map<String, String> expressions = OpsChecks.ruleExpressions(rules);
    assertThat(expressions).hasSizeGreaterThan(20);
    assertThat(OpsChecks.unknownMetrics(expressions, known)).isEmpty();
  }

  @Test
  void theNameCheckCatchesAMetricTheGatewayDoesNotExport() {
    Set<String> known = OpsChecks.knownNames(OpsFiles.exportedMetrics(), Set.of());
    assertThat(
            OpsChecks.unknownMetrics(
                Map.of(
                    "rule Typo",
                    "sum by (stream) (rate(esg_publish_event_total[5m])) > 0"
                        + " and on (stream) esg_publish_duration_seconds_bucket > 0"),
                known))
        .containsExactly("esg_publish_event_total (rule Typo)");
  }
}
