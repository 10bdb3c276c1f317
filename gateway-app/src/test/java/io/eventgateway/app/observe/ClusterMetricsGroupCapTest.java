package io.eventgateway.app.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgateway.core.port.out.monitor.ClusterHealth;
import io.eventgateway.core.port.out.monitor.ClusterMonitor;
import io.eventgateway.core.port.out.monitor.ClusterObservation;
import io.eventgateway.core.port.out.monitor.GroupLag;
import io.eventgateway.core.port.out.monitor.GroupPartitionLag;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cluster's per-group lag meters with more groups than {@code maxGroups}, as scraped. */
class ClusterMetricsGroupCapTest {
  private final PrometheusMeterRegistry registry = MetricNames.newRegistry("test");
  private volatile ClusterObservation latest;
  private final ClusterMonitor monitor =
      new ClusterMonitor() {
        @Override
        public Optional<ClusterObservation> latest() {
          return Optional.ofNullable(latest);
        }

        @Override
        public Optional<RefreshError> lastError() {
          return Optional.empty();
        }
      };
  private final ClusterMetrics metrics = new ClusterMetrics(registry, monitor, 2);

  @AfterEach
  void close() {
    registry.close();
  }

  private static GroupLag group(String id, int members, long lag, long ageSeconds) {
    return new GroupLag(
        id,
        "classic",
        "Stable",
        OptionalInt.of(members),
        List.of(
            GroupPartitionLag.of(
                "orders", 0, 100, 100 + lag, Optional.of(Duration.ofSeconds(ageSeconds)))));
  }

  private void observe(int second, List<GroupLag> groups) {
    latest =
        new ClusterObservation(
            Instant.ofEpochSecond(second),
            Duration.ofMillis(5),
            ClusterHealth.unknown(),
            List.of(),
            groups,
            Map.of());
    metrics.update();
  }

  private List<String> lines(String name) {
    List<String> lines = new ArrayList<>();
    for (String line : registry.scrape().lines().toList()) {
      if (line.startsWith(name + "{")) {
        lines.add(line);
      }
    }
    return lines;
  }

  @Test
  void groupsBeyondTheCapAreFoldedIntoOtherAndTheirLagSummed() {
    observe(
        1,
        List.of(
            group("alpha", 1, 10, 5),
            group("beta", 1, 20, 6),
            group("gamma", 2, 30, 7),
            group("delta", 3, 40, 90)));

    // alpha and beta sort first among the four new groups
    assertThat(lines("esg_consumer_group_lag_records"))
        .containsExactlyInAnyOrder(
            "esg_consumer_group_lag_records{group=\"alpha\",partition=\"0\",topic=\"orders\"} 10.0",
            "esg_consumer_group_lag_records{group=\"beta\",partition=\"0\",topic=\"orders\"} 20.0",
            "esg_consumer_group_lag_records{group=\"(other)\",partition=\"0\",topic=\"orders\"}"
                + " 70.0");
    assertThat(lines("esg_consumer_group_lag_seconds"))
        .contains(
            "esg_consumer_group_lag_seconds{group=\"(other)\",partition=\"0\",topic=\"orders\"}"
                + " 90.0");
    assertThat(lines("esg_consumer_group_members"))
        .contains("esg_consumer_group_members{group=\"(other)\"} 5.0");
    assertThat(lines("esg_consumer_group_committed_offset"))
        .as("no committed offset for the fold")
        .hasSize(2)
        .noneMatch(line -> line.contains("(other)"));
  }

  @Test
  void thousandsOfGroupsMakeABoundedNumberOfLines() {
    List<GroupLag> many = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      many.add(group("invented-" + i, 1, 1, 1));
    }
    observe(1, many);

    assertThat(lines("esg_consumer_group_lag_records")).hasSize(3);
    assertThat(lines("esg_consumer_group_members")).hasSize(3);

    observe(2, List.of(group("real", 1, 5, 1)));
    assertThat(lines("esg_consumer_group_lag_records"))
        .as("the rows follow what the cluster has")
        .containsExactly(
            "esg_consumer_group_lag_records{group=\"real\",partition=\"0\",topic=\"orders\"} 5.0");
  }
}
