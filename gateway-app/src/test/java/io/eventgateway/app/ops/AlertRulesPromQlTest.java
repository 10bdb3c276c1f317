package io.eventgateway.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The PromQL reading the name checks rely on. */
class AlertRulesPromQlTest {
  @Test
  void findsTheMetricNamesAndNothingElse() {
    String expression =
        """
        histogram_quantile(0.99, sum by (stream, le) (rate(esg_publish_duration_seconds_bucket{stream=~"a|b", le!="+Inf"}[5m] offset 1h)))
          > 0.5 and on (stream) group_left (class) stream:esg_publish_events:rate5m > bool 1e3
          unless ignoring (instance) time() - esg_ready{job='esg'} > 0x1F
          or max without (instance, pod) (up) * inf
        """;
    assertThat(PromQl.metricNames(expression))
        .containsExactly(
            "esg_publish_duration_seconds_bucket",
            "esg_ready",
            "stream:esg_publish_events:rate5m",
            "up");
  }

  @Test
  void replacesGrafanaTemplateVariables() {
    assertThat(
            PromQl.substituteTemplateVariables(
                "rate(x{stream=~\"$stream\", group=~\"${group:regex}\", a=\"[[a]]\"}[$__rate_interval])"
                    + " / $__range_s + ${__interval_ms}",
                "v"))
        .isEqualTo("rate(x{stream=~\"v\", group=~\"v\", a=\"v\"}[1m]) / 3600 + 30000");
  }
}
