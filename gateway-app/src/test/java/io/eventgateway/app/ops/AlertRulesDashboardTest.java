package io.eventgateway.app.ops;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventgateway.app.testing.ExternalTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard {@code ops/grafana/esg-dashboard.json}: every panel has a title, a
 * description, the templated Prometheus data source and a query; every query, its template
 * variables replaced, is PromQL that promtool accepts (as a recording rule); every metric it
 * selects is exported by the gateway or recorded by {@code esg-alerts.yml}. Each check is also run
 * on a broken dashboard, to show that it can fail.
 */
class AlertRulesDashboardTest {
  private static final List<String> ROWS =
      List.of("Publishing", "Producer", "Subscribing", "Consumer lag", "Cluster", "gRPC", "JVM");

  @TempDir Path directory;

  private static JsonNode dashboard() throws IOException {
    return OpsChecks.JSON.readTree(OpsFiles.DASHBOARD.toFile());
  }

  private static Map<String, String> allQueries(JsonNode dashboard) {
    Map<String, String> queries = new LinkedHashMap<>(OpsChecks.dashboardExpressions(dashboard));
    queries.putAll(OpsChecks.variableSelectors(dashboard));
    return queries;
  }

  private ExternalTools.Result checkQueries(Promtool promtool, Map<String, String> queries)
      throws IOException {
    Path rules = directory.resolve("dashboard-queries.yml");
    Files.writeString(rules, OpsChecks.asRuleFile(queries), UTF_8);
    return promtool.checkRules(rules);
  }

  @Test
  void everyPanelHasATitleDescriptionDataSourceAndQuery() throws IOException {
    JsonNode dashboard = dashboard();
    assertThat(OpsChecks.dashboardProblems(dashboard)).isEmpty();
    assertThat(OpsChecks.panels(dashboard)).hasSizeGreaterThan(25);
  }

  @Test
  void theDashboardHasARowPerArea() throws IOException {
    List<String> rows = new ArrayList<>();
    for (JsonNode panel : dashboard().path("panels")) {
      if ("row".equals(panel.path("type").asText())) {
        rows.add(panel.path("title").asText());
      }
    }
    assertThat(rows).containsAll(ROWS);
  }

  @Test
  void theDashboardChecksCatchPanelsWithoutDescriptionDataSourceOrQuery() throws IOException {
    JsonNode broken =
        OpsChecks.JSON.readTree(
            """
            {
              "schemaVersion": 30,
              "templating": {"list": [
                {"name": "stream", "type": "query",
                 "query": "label_values(esg_publish_events_total, stream)"}
              ]},
              "panels": [
                {"type": "row", "title": "Collapsed", "collapsed": true, "panels": [
                  {"id": 2, "type": "timeseries", "title": "Hidden",
                   "datasource": {"type": "prometheus", "uid": "${DS_PROMETHEUS}"},
                   "targets": [{"refId": "A", "expr": "esg_ready"}]}
                ]},
                {"id": 3, "type": "timeseries", "title": "No query", "description": "d",
                 "datasource": {"type": "prometheus", "uid": "prometheus-prod"}, "targets": []}
              ]
            }
            """);
    assertThat(OpsChecks.dashboardProblems(broken))
        .containsExactly(
            "schemaVersion 30 < 36",
            "no __inputs entry DS_PROMETHEUS for a prometheus data source",
            "no datasource variable DS_PROMETHEUS",
            "no query variable group from label_values(...)",
            "panel 2 'Hidden': no description",
            "panel 3 'No query': data source is not ${DS_PROMETHEUS}",
            "panel 3 'No query': no query");
  }

  @Test
  void everyDashboardQueryIsValidPromQl() throws IOException {
    Promtool promtool = Promtool.onPathOrSkip();
    Map<String, String> queries = allQueries(dashboard());
    ExternalTools.Result result = checkQueries(promtool, queries);
    assertThat(result.exitCode())
        .as("promtool check rules on the dashboard's queries:%n%s", result.output())
        .isZero();
    assertThat(result.output()).contains("SUCCESS: " + queries.size() + " rules found");
  }

  @Test
  void promtoolRejectsADashboardQueryThatIsNotPromQl() throws IOException {
    Promtool promtool = Promtool.onPathOrSkip();
    Map<String, String> queries =
        Map.of(
            "panel 'Bad' A",
            "sum by (stream (rate(esg_publish_events_total{stream=~\"$stream\"}[$__rate_interval]))");
    ExternalTools.Result result = checkQueries(promtool, queries);
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("dashboard:query_0:check");
  }

  @Test
  void theDashboardSelectsOnlyExportedOrRecordedMetrics() throws IOException {
    JsonNode rules = OpsChecks.YAML.readTree(OpsFiles.ALERT_RULES.toFile());
    Set<String> known =
        OpsChecks.knownNames(OpsFiles.exportedMetrics(), OpsChecks.recordedNames(rules));
    assertThat(OpsChecks.unknownMetrics(allQueries(dashboard()), known)).isEmpty();
  }

  @Test
  void theNameCheckCatchesAnInventedMetricInAPanelOrAVariable() throws IOException {
    JsonNode broken =
        OpsChecks.JSON.readTree(
            """
            {
              "templating": {"list": [
                {"name": "group", "type": "query",
                 "query": {"query": "label_values(esg_consumer_lag{topic=~\\"$stream\\"}, group)"}}
              ]},
              "panels": [
                {"id": 1, "type": "timeseries", "title": "Heap",
                 "targets": [{"refId": "A", "expr": "jvm_heap_used_bytes{job=\\"esg\\"}"}]}
              ]
            }
            """);
    Set<String> known = OpsChecks.knownNames(OpsFiles.exportedMetrics(), Set.of());
    assertThat(OpsChecks.unknownMetrics(allQueries(broken), known))
        .containsExactly(
            "jvm_heap_used_bytes (panel 'Heap' A)", "esg_consumer_lag (variable group)");
  }
}
