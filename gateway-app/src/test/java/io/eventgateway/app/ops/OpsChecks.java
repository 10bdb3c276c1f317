package io.eventgateway.app.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of the Prometheus rules and the Grafana dashboard that need no promtool. Each returns
 * the problems it found, one message each, so that a test can assert none on the real files and the
 * expected ones on broken copies.
 */
final class OpsChecks {
  static final String DATASOURCE_UID = "${DS_PROMETHEUS}";
  static final int MINIMUM_SCHEMA_VERSION = 36;
  static final String RUNBOOK_PREFIX = "ops/README.md#";

  private static final Set<String> SEVERITIES = Set.of("warning", "critical");
  private static final Set<String> SERIES_SUFFIXES = Set.of("_bucket", "_count", "_sum");
  // level:metric:operations, https://prometheus.io/docs/practices/rules/
  private static final Pattern RECORDING_RULE_NAME =
      Pattern.compile("[a-z][a-z0-9_]*:[a-z][a-z0-9_]*:[a-z0-9_]+");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*\\w+\\)");

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper RULE_FILE_WRITER =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  private OpsChecks() {}

  // ---------------------------------------------------------------- rules

  /** Every rule of a Prometheus rule file, in order. */
  static List<JsonNode> rules(JsonNode ruleFile) {
    List<JsonNode> rules = new ArrayList<>();
    for (JsonNode group : ruleFile.path("groups")) {
      group.path("rules").forEach(rules::add);
    }
    return rules;
  }

  /** The alert names of a rule file, in order. */
  static Set<String> alertNames(JsonNode ruleFile) {
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode rule : rules(ruleFile)) {
      if (rule.hasNonNull("alert")) {
        names.add(rule.get("alert").asText());
      }
    }
    return names;
  }

  /** The series names the recording rules of a rule file write. */
  static Set<String> recordedNames(JsonNode ruleFile) {
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode rule : rules(ruleFile)) {
      if (rule.hasNonNull("record")) {
        names.add(rule.get("record").asText());
      }
    }
    return names;
  }

  /** Every rule's expression, keyed by the alert or recorded series it belongs to. */
  static Map<String, String> ruleExpressions(JsonNode ruleFile) {
    Map<String, String> expressions = new LinkedHashMap<>();
    for (JsonNode rule : rules(ruleFile)) {
      String name =
          rule.hasNonNull("alert") ? rule.get("alert").asText() : rule.path("record").asText();
      expressions.put("rule " + name, rule.path("expr").asText());
    }
    return expressions;
  }

  /**
   * Alerts that lack a {@code for:}, a severity of warning or critical, a summary, a description,
   * or a runbook_url that points to a heading of ops/README.md; recording rules not named
   * level:metric:operations.
   */
  static List<String> ruleProblems(JsonNode ruleFile, Set<String> readmeAnchors) {
    List<String> problems = new ArrayList<>();
    for (JsonNode rule : rules(ruleFile)) {
      if (rule.hasNonNull("record")) {
        String record = rule.get("record").asText();
        if (!RECORDING_RULE_NAME.matcher(record).matches()) {
          problems.add("recording rule " + record + " is not named level:metric:operations");
        }
        continue;
      }
      String alert = rule.path("alert").asText("(no name)");
      if (rule.path("for").asText().isBlank()) {
        problems.add(alert + ": no for:");
      }
      String severity = rule.path("labels").path("severity").asText();
      if (!SEVERITIES.contains(severity)) {
        problems.add(alert + ": severity '" + severity + "' is not warning or critical");
      }
      JsonNode annotations = rule.path("annotations");
      for (String annotation : List.of("summary", "description")) {
        if (annotations.path(annotation).asText().isBlank()) {
          problems.add(alert + ": no " + annotation + " annotation");
        }
      }
      String runbook = annotations.path("runbook_url").asText();
      if (!runbook.startsWith(RUNBOOK_PREFIX)) {
        problems.add(alert + ": runbook_url '" + runbook + "' does not start " + RUNBOOK_PREFIX);
      } else if (!readmeAnchors.contains(runbook.substring(RUNBOOK_PREFIX.length()))) {
        problems.add(alert + ": runbook_url '" + runbook + "' names no heading of ops/README.md");
      }
    }
    return problems;
  }

  /**
   * Alerts of {@code alerts} without a promtool unit test where they fire (non-empty exp_alerts)
   * and one where they must not (exp_alerts: []).
   */
  static List<String> untestedAlerts(Set<String> alerts, JsonNode testFile) {
    Set<String> firing = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    for (JsonNode test : testFile.path("tests")) {
      for (JsonNode alertTest : test.path("alert_rule_test")) {
        String name = alertTest.path("alertname").asText();
        JsonNode expected = alertTest.path("exp_alerts");
        (expected.isArray() && !expected.isEmpty() ? firing : quiet).add(name);
      }
    }
    List<String> problems = new ArrayList<>();
    for (String alert : alerts) {
      if (!firing.contains(alert)) {
        problems.add(alert + ": no unit test where it fires");
      }
      if (!quiet.contains(alert)) {
        problems.add(alert + ": no unit test where it must not fire (exp_alerts: [])");
      }
    }
    return problems;
  }

  /** The anchors GitHub gives the headings of a Markdown text. */
  static Set<String> markdownAnchors(String markdown) {
    Set<String> anchors = new LinkedHashSet<>();
    Matcher heading = HEADING.matcher(markdown);
    while (heading.find()) {
      anchors.add(
          heading
              .group(1)
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N} _-]", "")
              .replace(' ', '-'));
    }
    return anchors;
  }

  // ---------------------------------------------------------------- dashboard

  /** The dashboard's panels, those inside collapsed rows included; rows themselves are not. */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if ("row".equals(panel.path("type").asText())) {
        panel.path("panels").forEach(panels::add);
      } else {
        panels.add(panel);
      }
    }
    return panels;
  }

  /** Every target expression of the dashboard, keyed by "panel 'title' A" (panel and refId). */
  static Map<String, String> dashboardExpressions(JsonNode dashboard) {
    Map<String, String> expressions = new LinkedHashMap<>();
    for (JsonNode panel : panels(dashboard)) {
      for (JsonNode target : panel.path("targets")) {
        expressions.put(
            "panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
            target.path("expr").asText());
      }
    }
    return expressions;
  }

  /**
   * The PromQL inside the dashboard's query variables ({@code label_values(<selector>, label)}),
   * keyed by "variable name".
   */
  static Map<String, String> variableSelectors(JsonNode dashboard) {
    Map<String, String> selectors = new LinkedHashMap<>();
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if ("query".equals(variable.path("type").asText())) {
        JsonNode query = variable.path("query");
        String text = query.isTextual() ? query.asText() : query.path("query").asText();
        Matcher labelValues = LABEL_VALUES.matcher(text);
        if (labelValues.matches()) {
          selectors.put("variable " + variable.path("name").asText(), labelValues.group(1));
        }
      }
    }
    return selectors;
  }

  /**
   * What a dashboard lacks: schemaVersion at least 36, the DS_PROMETHEUS input and datasource
   * variable, the {@code stream} and {@code group} variables from label_values, and for every panel
   * a title, a description, the templated Prometheus data source and at least one query.
   */
  static List<String> dashboardProblems(JsonNode dashboard) {
    List<String> problems = new ArrayList<>();
    int schemaVersion = dashboard.path("schemaVersion").asInt(0);
    if (schemaVersion < MINIMUM_SCHEMA_VERSION) {
      problems.add("schemaVersion " + schemaVersion + " < " + MINIMUM_SCHEMA_VERSION);
    }
    boolean input = false;
    for (JsonNode in : dashboard.path("__inputs")) {
      input |=
          "DS_PROMETHEUS".equals(in.path("name").asText())
              && "prometheus".equals(in.path("pluginId").asText());
    }
    if (!input) {
      problems.add("no __inputs entry DS_PROMETHEUS for a prometheus data source");
    }
    Map<String, JsonNode> variables = new LinkedHashMap<>();
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      variables.put(variable.path("name").asText(), variable);
    }
    if (!"datasource"
        .equals(variables.getOrDefault("DS_PROMETHEUS", JSON.nullNode()).path("type").asText())) {
      problems.add("no datasource variable DS_PROMETHEUS");
    }
    Map<String, String> selectors = variableSelectors(dashboard);
    for (String name : List.of("stream", "group")) {
      if (!selectors.containsKey("variable " + name)) {
        problems.add("no query variable " + name + " from label_values(...)");
      }
    }
    for (JsonNode panel : panels(dashboard)) {
      String title = panel.path("title").asText();
      String where = "panel " + panel.path("id").asText() + " '" + title + "'";
      if (title.isBlank()) {
        problems.add(where + ": no title");
      }
      if (panel.path("description").asText().isBlank()) {
        problems.add(where + ": no description");
      }
      if (!DATASOURCE_UID.equals(panel.path("datasource").path("uid").asText())) {
        problems.add(where + ": data source is not " + DATASOURCE_UID);
      }
      JsonNode targets = panel.path("targets");
      if (!targets.isArray() || targets.isEmpty()) {
        problems.add(where + ": no query");
      }
      for (JsonNode target : targets) {
        String refId = target.path("refId").asText();
        if (target.path("expr").asText().isBlank()) {
          problems.add(where + " " + refId + ": no expr");
        }
        JsonNode datasource = target.path("datasource");
        if (!datasource.isMissingNode()
            && !DATASOURCE_UID.equals(datasource.path("uid").asText())) {
          problems.add(where + " " + refId + ": data source is not " + DATASOURCE_UID);
        }
      }
    }
    return problems;
  }

  /**
   * A Prometheus rule file with every expression as a recording rule (its template variables
   * replaced by concrete values), for {@code promtool check rules} to parse; the label
   * dashboard_query of each rule says where it came from.
   */
  static String asRuleFile(Map<String, String> expressions) {
    List<Map<String, Object>> rules = new ArrayList<>();
    int index = 0;
    for (Map.Entry<String, String> expression : expressions.entrySet()) {
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("record", "dashboard:query_" + index++ + ":check");
      rule.put("expr", PromQl.substituteTemplateVariables(expression.getValue(), "example"));
      rule.put("labels", Map.of("dashboard_query", expression.getKey()));
      rules.add(rule);
    }
    try {
      return RULE_FILE_WRITER.writeValueAsString(
          Map.of("groups", List.of(Map.of("name", "dashboard-queries", "rules", rules))));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- metric names

  /**
   * The metric names an expression may select: the exported ones, the series of exported histograms
   * and summaries ({@code _bucket}, {@code _count}, {@code _sum}), the recorded ones and those
   * Prometheus writes itself.
   */
  static Set<String> knownNames(Set<String> exported, Set<String> recorded) {
    Set<String> known = new TreeSet<>(exported);
    for (String name : exported) {
      for (String suffix : SERIES_SUFFIXES) {
        known.add(name + suffix);
      }
    }
    known.addAll(recorded);
    known.addAll(OpsFiles.PROMETHEUS_SERIES);
    return known;
  }

  /** "name (where)" for every metric name an expression selects that is not known. */
  static List<String> unknownMetrics(Map<String, String> expressions, Set<String> known) {
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, String> expression : expressions.entrySet()) {
      for (String name : PromQl.metricNames(expression.getValue())) {
        if (!known.contains(name)) {
          unknown.add(name + " (" + expression.getKey() + ")");
        }
      }
    }
    return unknown;
  }
}
