package io.eventgateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgateway.faults.FaultSuite.Result;
import io.eventgateway.testkit.junit.KafkaClusterTest;
import io.eventgateway.testkit.kafka.KafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite against a real 3-node cluster and the gateway as its own process. The smoke run
 * (one scenario, small load) is part of {@code mvn verify}, on the cluster this module's test
 * classes share; the whole suite runs with the {@code faults} profile: {@code mvn -B install
 * -DskipTests} and then {@code mvn -B verify -pl gateway-faults -Pfaults} (see
 * docs/reliability.md).
 */
@KafkaClusterTest
class FaultSuiteIT {
  @TempDir Path directory;

  @Test
  void smokeKillingThePartitionLeaderLosesNoAcknowledgedCriticalEvent(KafkaCluster cluster)
      throws Exception {
    List<Result> results =
        FaultSuite.run(
            new FaultSuite.Settings(
                directory, List.of(Scenario.LEADER_KILL), Duration.ofSeconds(8), 100, 20, 1),
            cluster,
            System.out);

    assertCriticalStreamsSafe(results);
    assertThat(results)
        .filteredOn(r -> r.durability().equals("critical"))
        .allSatisfy(r -> assertThat(r.report().acknowledged()).isGreaterThan(500));
  }

  /**
   * Every scenario, as configured by the {@code faults} profile's properties, on a cluster of its
   * own: the results are those of a fresh cluster, and its streams would meet the smoke run's. Its
   * timeout leaves room for long phases ({@code -Dfaults.phase.seconds}).
   */
  @Test
  @EnabledIfSystemProperty(named = "faults.full", matches = "true")
  @KafkaClusterTest(fresh = true)
  @Timeout(value = 3, unit = TimeUnit.HOURS)
  void everyScenario(KafkaCluster cluster) throws Exception {
    List<Scenario> scenarios =
        Arrays.stream(
                System.getProperty("faults.scenarios", String.join(",", Scenario.labels()))
                    .split(","))
            .map(Scenario::of)
            .toList();
    List<Result> results =
        FaultSuite.run(
            new FaultSuite.Settings(
                directory,
                scenarios,
                Duration.ofSeconds(Long.getLong("faults.phase.seconds", 60)),
                Integer.getInteger("faults.rate", 300),
                Integer.getInteger("faults.subjects", 50),
                Long.getLong("faults.seed", 1)),
            cluster,
            System.out);

    assertCriticalStreamsSafe(results);
  }

  /**
   * The targets: on critical streams 0 lost, 0 order violations and 0 definitely-failed-yet-present
   * in every scenario; on every stream 0 definitely-failed-yet-present (a definite "not written"
   * holds whatever the durability). hostile-clients breaks no broker, so there both streams must be
   * safe, and its budgets must have held ({@link HostileOutcome#violations()}).
   */
  private static void assertCriticalStreamsSafe(List<Result> results) {
    assertThat(results).isNotEmpty();
    for (Result result : results) {
      String where = result.scenario().label() + " / " + result.durability();
      assertThat(result.report().failedYetPresent()).as(where).isEmpty();
      result
          .attack()
          .ifPresent(attack -> assertThat(attack.violations()).as(where + ": attack").isEmpty());
      if (result.durability().equals("critical") || result.scenario() == Scenario.HOSTILE_CLIENTS) {
        assertThat(result.report().lost()).as(where + ": lost").isEmpty();
        assertThat(result.report().misplaced()).as(where + ": misplaced").isEmpty();
        assertThat(result.report().orderViolations()).as(where + ": order").isZero();
      }
    }
  }
}
