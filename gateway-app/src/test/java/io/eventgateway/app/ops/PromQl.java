package io.eventgateway.app.ops;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading for the name checks: the metric names a query selects, and Grafana's
 * template variables replaced by concrete values. Whether a query is valid PromQL is promtool's
 * business, not this class's.
 */
final class PromQl {
  private static final Pattern STRING =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern NUMBER_OR_DURATION = Pattern.compile("(?<![\\w:])\\d[\\w.]*");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "inf",
          "nan",
          "atan2");
  private static final Pattern TEMPLATE_VARIABLE =
      Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)|\\[\\[(\\w+)(?::[^]]*)?]]");

  /** Grafana's built-in interval variables, with a value each that PromQL accepts. */
  private static final Map<String, String> BUILT_IN_VARIABLES =
      Map.of(
          "__rate_interval", "1m",
          "__interval", "30s",
          "__interval_ms", "30000",
          "__range", "1h",
          "__range_s", "3600",
          "__range_ms", "3600000");

  private PromQl() {}

  /**
   * The metric names a PromQL expression selects: identifiers that are not in strings, label
   * matchers, ranges or grouping clauses, not functions (followed by {@code (}) and not keywords.
   * Metrics selected only by {@code {__name__="..."}} are not seen.
   */
  static Set<String> metricNames(String expression) {
    String rest = STRING.matcher(expression).replaceAll(" ");
    rest = LABEL_MATCHERS.matcher(rest).replaceAll(" ");
    rest = RANGE.matcher(rest).replaceAll(" ");
    rest = GROUPING.matcher(rest).replaceAll(" ");
    rest = NUMBER_OR_DURATION.matcher(rest).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher identifier = IDENTIFIER.matcher(rest);
    while (identifier.find()) {
      String name = identifier.group();
      if (!KEYWORDS.contains(name) && !isFunctionCall(rest, identifier.end())) {
        names.add(name);
      }
    }
    return names;
  }

  private static boolean isFunctionCall(String text, int end) {
    int next = end;
    while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
      next++;
    }
    return next < text.length() && text.charAt(next) == '(';
  }

  /**
   * The expression with every Grafana template variable ({@code $name}, {@code ${name}}, {@code
   * ${name:format}}, {@code [[name]]}) replaced: the built-in intervals by durations, the others by
   * {@code value}, as if a user had chosen it.
   */
  static String substituteTemplateVariables(String expression, String value) {
    Matcher variable = TEMPLATE_VARIABLE.matcher(expression);
    StringBuilder substituted = new StringBuilder();
    while (variable.find()) {
      String name =
          variable.group(1) != null
              ? variable.group(1)
              : variable.group(2) != null ? variable.group(2) : variable.group(3);
      variable.appendReplacement(
          substituted, Matcher.quoteReplacement(BUILT_IN_VARIABLES.getOrDefault(name, value)));
    }
    variable.appendTail(substituted);
    return substituted.toString();
  }
}
