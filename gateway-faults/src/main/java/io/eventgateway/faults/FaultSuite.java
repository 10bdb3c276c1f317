package io.eventgateway.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.eventgateway.faults.Checker.Report;
import io.eventgateway.testkit.kafka.KafkaCluster;
import io.eventgateway.testkit.process.FreePorts;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fault suite: a 3-node KRaft cluster ({@link KafkaCluster}), the gateway as its own process
 * ({@link GatewayNode}), and for each {@link Scenario} a critical stream (RF 3, min.insync.replicas
 * 2, acks=all, idempotent) and a standard stream (RF 3, acks=1), each under load from a {@link
 * LedgerClient} while the scenario injects its fault, and the streams a scenario asks for besides
 * ({@link Scenario#ownStreams()}). Afterwards every partition of the two is read back and {@link
 * Checker} accounts for every event. The gateway has the {@code grpc} limits {@code
 * hostile-clients} is sized for ({@link HostileClients#gatewaySettings()}), whatever the scenarios.
 */
public final class FaultSuite {

  /**
   * What to run.
   *
   * @param directory where the gateway's configuration and log live
   * @param scenarios the scenarios, in order, on one cluster and gateway; their streams ({@code
   *     critical-<scenario>}, {@code standard-<scenario>}) must not exist in the cluster yet
   * @param phase how long each scenario injects faults
   * @param ratePerStream events per second per stream
   * @param subjects subjects per stream
   * @param seed for the scenarios' random choices
   */
  public record Settings(
      Path directory,
      List<Scenario> scenarios,
      Duration phase,
      int ratePerStream,
      int subjects,
      long seed) {}

  /**
   * One stream's outcome in one scenario.
   *
   * @param faults how many times the scenario injected its fault
   * @param longestAcknowledgementGap the longest time without an acknowledgement
   * @param recovery from the moment the scenario healed its last fault to the first acknowledgement
   *     after it
   * @param callsOpened PublishStream calls the client opened, reconnections included
   * @param duplicateAnswers resends the gateway answered as duplicates (already written, so not
   *     written again)
   * @param attack what an attacking scenario ({@code hostile-clients}) saw; empty for the others
   */
  public record Result(
      Scenario scenario,
      int faults,
      String stream,
      String durability,
      Report report,
      long failed,
      Duration longestAcknowledgementGap,
      Duration recovery,
      long callsOpened,
      long duplicateAnswers,
      Optional<HostileOutcome> attack) {}

  private static final Duration WARM_UP = Duration.ofSeconds(3);
  private static final Duration AFTER_HEALING = Duration.ofSeconds(5);
  private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(2);
  private static final int CALLS_PER_CLIENT = 2;

  private FaultSuite() {}

  /**
   * Runs every scenario of {@code settings} against {@code cluster}, with a gateway of its own in
   * front of it; prints progress and the report to {@code out}. The cluster must be whole (every
   * node running) and is left whole: each scenario heals what it breaks.
   */
  public static List<Result> run(Settings settings, KafkaCluster cluster, PrintStream out)
      throws IOException, InterruptedException {
    Files.createDirectories(settings.directory());
    List<Result> results = new ArrayList<>();
    Random random = new Random(settings.seed());
    int[] ports = FreePorts.onLoopback(2);
    int grpcPort = ports[0];
    Path config = gatewayConfig(settings, cluster, grpcPort);
    try (GatewayNode gateway =
        new GatewayNode(settings.directory().resolve("gateway"), config, ports[1])) {
      gateway.start();
      ManagedChannel channel =
          ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
      try {
        for (Scenario scenario : settings.scenarios()) {
          results.addAll(
              runScenario(scenario, settings, cluster, gateway, grpcPort, channel, random, out));
        }
      } finally {
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
      }
    }
    out.println();
    out.print(table(results));
    return results;
  }

  private static List<Result> runScenario(
      Scenario scenario,
      Settings settings,
      KafkaCluster cluster,
      GatewayNode gateway,
      int grpcPort,
      ManagedChannel channel,
      Random random,
      PrintStream out)
      throws InterruptedException {
    String critical = streamName("critical", scenario);
    String standard = streamName("standard", scenario);
    out.printf("%s scenario %s: %s%n", Instant.now(), scenario.label(), scenario.description());
    Ledger criticalLedger = new Ledger();
    Ledger standardLedger = new Ledger();
    int rate = settings.ratePerStream();
    try (LedgerClient criticalClient =
            new LedgerClient(
                channel,
                critical,
                criticalLedger,
                settings.subjects(),
                CALLS_PER_CLIENT,
                64,
                rate);
        LedgerClient standardClient =
            new LedgerClient(
                channel,
                standard,
                standardLedger,
                settings.subjects(),
                CALLS_PER_CLIENT,
                64,
                rate)) {
      criticalClient.start();
      standardClient.start();
      Thread.sleep(WARM_UP.toMillis());
      AtomicReference<HostileOutcome> attack = new AtomicReference<>();
      int faults =
          scenario.inject(
              new Scenario.Faults() {
                @Override
                public KafkaCluster cluster() {
                  return cluster;
                }

                @Override
                public GatewayNode gateway() {
                  return gateway;
                }

                @Override
                public Random random() {
                  return random;
                }

                @Override
                public int leaderOfCritical() {
                  return cluster
                      .leaderOf(critical, 0)
                      .orElseThrow(
                          () -> new IllegalStateException(critical + "-0 has no leader right now"));
                }

                @Override
                public void log(String what) {
                  out.printf("%s   %s%n", Instant.now(), what);
                }

                @Override
                public int grpcPort() {
                  return grpcPort;
                }

                @Override
                public String ownStream(String prefix) {
                  return streamName(prefix, scenario);
                }

                @Override
                public int publishCalls() {
                  return 2 * CALLS_PER_CLIENT;
                }

                @Override
                public void attacked(HostileOutcome outcome) {
                  attack.set(outcome);
                }
              },
              settings.phase());
      long healed = System.nanoTime();
      Duration criticalRecovery = recovery(criticalClient, healed);
      Duration standardRecovery = recovery(standardClient, healed);
      Thread.sleep(AFTER_HEALING.toMillis());
      criticalClient.stop(Duration.ofSeconds(90));
      standardClient.stop(Duration.ofSeconds(90));
      cluster.awaitInSync(critical, Duration.ofSeconds(90));
      cluster.awaitInSync(standard, Duration.ofSeconds(90));
      List<Result> results = new ArrayList<>();
      results.add(
          result(
              scenario,
              faults,
              critical,
              "critical",
              criticalLedger,
              criticalClient,
              criticalRecovery,
              cluster,
              attack.get()));
      results.add(
          result(
              scenario,
              faults,
              standard,
              "standard",
              standardLedger,
              standardClient,
              standardRecovery,
              cluster,
              attack.get()));
      for (Result result : results) {
        out.printf("%s   %s%n", Instant.now(), row(result));
      }
      if (attack.get() != null) {
        out.print(attack.get().describe());
      }
      return results;
    }
  }

  /**
   * How long after {@code healed} the client got its first acknowledgement: it is polled, so up to
   * 100 ms late. At most {@link #RECOVERY_TIMEOUT}; a client that does not recover by then is
   * reported with that.
   */
  private static Duration recovery(LedgerClient client, long healed) throws InterruptedException {
    long deadline = healed + RECOVERY_TIMEOUT.toNanos();
    while (client.lastAcknowledgementNanos() <= healed && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    return Duration.ofNanos(Math.max(0, client.lastAcknowledgementNanos() - healed));
  }

  private static Result result(
      Scenario scenario,
      int faults,
      String stream,
      String durability,
      Ledger ledger,
      LedgerClient client,
      Duration recovery,
      KafkaCluster cluster,
      HostileOutcome attack) {
    Report report =
        Checker.check(
            ledger, ReadBack.all(cluster.bootstrapServers(), stream, Duration.ofSeconds(60)));
    return new Result(
        scenario,
        faults,
        stream,
        durability,
        report,
        ledger.count(Ledger.Outcome.FAILED),
        client.longestAcknowledgementGap(),
        recovery,
        client.callsOpened(),
        client.duplicateAnswers(),
        Optional.ofNullable(attack));
  }

  static String streamName(String durability, Scenario scenario) {
    return durability + "-" + scenario.label();
  }

  private static Path gatewayConfig(Settings settings, KafkaCluster cluster, int grpcPort)
      throws IOException {
    List<Map<String, Object>> streams = new ArrayList<>();
    for (Scenario scenario : settings.scenarios()) {
      for (String durability : List.of("critical", "standard")) {
        streams.add(
            Map.of(
                "name",
                streamName(durability, scenario),
                "class",
                "events",
                "durability",
                durability,
                "partitions",
                3,
                "replication-factor",
                3,
                "min-insync-replicas",
                2));
      }
      for (String prefix : scenario.ownStreams()) {
        streams.add(
            Map.of(
                "name",
                streamName(prefix, scenario),
                "class",
                "events",
                "durability",
                "standard",
                "partitions",
                3,
                "replication-factor",
                3,
                "min-insync-replicas",
                2));
      }
    }
    Map<String, Object> yaml = new LinkedHashMap<>();
    // the limits hostile-clients is sized for, for every scenario: they do not bind the others
    Map<String, Object> grpc = new LinkedHashMap<>(HostileClients.gatewaySettings());
    grpc.put("port", grpcPort);
    yaml.put("grpc", grpc);
    yaml.put(
        "kafka",
        Map.of(
            "bootstrap-servers", cluster.bootstrapServers(),
            "replication", Map.of("factor", 3, "min-insync-replicas", 2),
            "producer",
                Map.of("delivery-timeout", "20s", "request-timeout", "5s", "max-block", "5s")));
    yaml.put("shutdown-timeout", "20s");
    yaml.put("streams", streams);
    Path config = settings.directory().resolve("esg.yaml");
    new ObjectMapper(new YAMLFactory()).writeValue(config.toFile(), yaml);
    return config;
  }

  /** The report as a Markdown table, one row per scenario and stream. */
  public static String table(List<Result> results) {
    StringBuilder table = new StringBuilder();
    table.append(
        "| scenario | faults | stream | sent | acknowledged | lost | duplicates (records / ids) | order"
            + " violations | failed | failed yet present | unknown (present) | longest ack gap |"
            + " recovery | calls | answered as duplicates |\n");
    table.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Result result : results) {
      table.append(row(result)).append('\n');
    }
    results.stream()
        .filter(result -> result.attack().isPresent())
        .map(result -> result.scenario().label() + ":\n\n" + result.attack().get().describe())
        .distinct()
        .forEach(attack -> table.append('\n').append(attack));
    return table.toString();
  }

  private static String row(Result result) {
    Report report = result.report();
    return String.format(
        Locale.ROOT,
        "| %s | %d | %s | %d | %d | %d | %d / %d | %d | %d | %d | %d (%d) | %.1f s | %.1f s | %d | %d |",
        result.scenario().label(),
        result.faults(),
        result.durability(),
        report.sent(),
        report.acknowledged(),
        report.lost().size() + report.misplaced().size(),
        report.duplicateRecords(),
        report.duplicatedIds(),
        report.orderViolations(),
        result.failed(),
        report.failedYetPresent().size(),
        report.unknown(),
        report.unknownPresent(),
        result.longestAcknowledgementGap().toMillis() / 1000.0,
        result.recovery().toMillis() / 1000.0,
        result.callsOpened(),
        result.duplicateAnswers());
  }
}
