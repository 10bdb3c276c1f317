package io.eventgateway.faults;

import io.eventgateway.testkit.kafka.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;

/**
 * A fault the suite injects while clients publish, and how it heals. Each scenario runs for its
 * fault phase, repeating its fault where that makes sense, and leaves every broker and the gateway
 * running when it returns.
 */
public enum Scenario {
  /** kill -9 of the leader of the critical stream's partition 0, restarted 4 s later; repeated. */
  LEADER_KILL("leader-kill", "kill -9 of the partition leader, restarted after 4 s, repeatedly") {
    @Override
    int inject(Faults faults, Duration phase) throws InterruptedException {
      return killAndRestartRepeatedly(faults, phase, "leader", faults::leaderOfCritical);
    }
  },
  /** kill -9 of a random broker, restarted 4 s later; repeated. */
  BROKER_KILL("broker-kill", "kill -9 of a random broker, restarted after 4 s, repeatedly") {
    @Override
    int inject(Faults faults, Duration phase) throws InterruptedException {
      List<Integer> nodes = faults.cluster().nodeIds();
      return killAndRestartRepeatedly(
          faults, phase, "broker", () -> nodes.get(faults.random().nextInt(nodes.size())));
    }
  },
  /** SIGSTOP of a follower of the critical stream's partition 0 for most of the phase. */
  FOLLOWER_PAUSE("follower-pause", "SIGSTOP of a follower for 10 s, then SIGCONT") {
    @Override
    int inject(Faults faults, Duration phase) throws InterruptedException {
      int leader = faults.leaderOfCritical();
      List<Integer> followers = new ArrayList<>(faults.cluster().nodeIds());
      followers.remove(Integer.valueOf(leader));
      int follower = followers.get(faults.random().nextInt(followers.size()));
      faults.log("SIGSTOP follower " + follower);
      faults.cluster().pause(follower);
      Thread.sleep(Math.min(10_000, phase.toMillis()));
      faults.cluster().resume(follower);
      faults.log("SIGCONT follower " + follower);
      return 1;
    }
  },
  /** Two of the three brokers down (kill -9) for 10 s, then both restarted. */
  TWO_DOWN("two-down", "kill -9 of two of three brokers for 10 s, then restarted") {
    @Override
    int inject(Faults faults, Duration phase) throws InterruptedException {
      List<Integer> nodes = new ArrayList<>(faults.cluster().nodeIds());
      java.util.Collections.shuffle(nodes, faults.random());
      List<Integer> down = nodes.subList(0, 2);
      for (int node : down) {
        faults.log("kill -9 broker " + node);
        faults.cluster().kill9(node);
      }
      Thread.sleep(Math.min(10_000, phase.toMillis()));
      for (int node : down) {
        faults.cluster().restart(node);
        faults.log("restarted " + node);
      }
      return 1;
    }
  },
  /** kill -9 of the gateway, started again 2 s later; clients reconnect and retry. */
  GATEWAY_KILL("gateway-kill", "kill -9 of the gateway, restarted after 2 s; clients retry") {
    @Override
    int inject(Faults faults, Duration phase) throws InterruptedException {
      faults.log("kill -9 gateway");
      faults.gateway().kill9();
      Thread.sleep(2_000);
      faults.gateway().start();
      faults.log("gateway restarted");
      return 1;
    }
  },
  /** SIGTERM of the gateway (graceful drain), started again at once. */
  GATEWAY_TERM("gateway-term", "SIGTERM of the gateway (drain), restarted; clients retry") {
    @Override
    int inject(Faults faults, Duration phase) throws InterruptedException {
      faults.log("SIGTERM gateway");
      faults.gateway().terminate(Duration.ofSeconds(60));
      faults.gateway().start();
      faults.log("gateway restarted");
      return 1;
    }
  },
  /**
   * Hostile clients at once ({@link HostileClients}): large events as fast as they go, unfinished
   * messages, oversized metadata, connection bursts; the memory budgets must hold.
   */
  HOSTILE_CLIENTS(
      "hostile-clients",
      "1 MiB events as fast as they go, unfinished 8 MiB messages, oversized metadata and"
          + " connection bursts, all at once") {
    @Override
    int inject(Faults faults, Duration phase) throws InterruptedException {
      faults.attacked(
          new HostileClients(
                  faults.grpcPort(),
                  faults.gateway().httpPort(),
                  faults.ownStream("large"),
                  faults.gateway(),
                  faults::log)
              .attackFor(phase, faults.publishCalls()));
      return 1;
    }

    @Override
    List<String> ownStreams() {
      return List.of("large");
    }
  };

  private final String label;
  private final String description;

  Scenario(String label, String description) {
    this.label = label;
    this.description = description;
  }

  public String label() {
    return label;
  }

  public String description() {
    return description;
  }

  /** The scenario of {@code label}, e.g. {@code leader-kill}. */
  public static Scenario of(String label) {
    for (Scenario scenario : values()) {
      if (scenario.label.equals(label)) {
        return scenario;
      }
    }
    throw new IllegalArgumentException(
        "unknown scenario '" + label + "'; known: " + java.util.Arrays.toString(labels()));
  }

  public static String[] labels() {
    return java.util.Arrays.stream(values()).map(Scenario::label).toArray(String[]::new);
  }

  /**
   * Injects the fault for about {@code phase}; returns with everything running again.
   *
   * @return how many times the fault was injected
   */
  abstract int inject(Faults faults, Duration phase) throws InterruptedException;

  /**
   * Streams of its own, besides the critical and standard ones, that the suite declares for it as
   * {@code <prefix>-<label>} (standard durability, RF 3): their prefixes.
   */
  List<String> ownStreams() {
    return List.of();
  }

  /**
   * Until {@code phase} is over: kill -9 of the node {@code pick} names, 4 s down, restart (which
   * waits until it is back in the cluster), 4 s up.
   */
  private static int killAndRestartRepeatedly(
      Faults faults, Duration phase, String role, IntSupplier pick) throws InterruptedException {
    long end = System.nanoTime() + phase.toNanos();
    int kills = 0;
    while (System.nanoTime() < end) {
      int node = pick.getAsInt();
      faults.log("kill -9 " + role + " " + node);
      faults.cluster().kill9(node);
      kills++;
      Thread.sleep(4_000);
      faults.cluster().restart(node);
      faults.log("restarted " + node);
      Thread.sleep(4_000);
    }
    return kills;
  }

  /** What a scenario acts on. */
  interface Faults {
    KafkaCluster cluster();

    GatewayNode gateway();

    Random random();

    /** The current leader of the critical stream's partition 0. */
    int leaderOfCritical();

    void log(String what);

    /** The gateway's gRPC port. */
    int grpcPort();

    /** The name of the scenario's own stream of {@code prefix} (one of {@link #ownStreams()}). */
    String ownStream(String prefix);

    /** Publish calls the suite's clients keep open during the phase. */
    int publishCalls();

    /** Hands over what an attacking scenario saw, for the report and the verdict. */
    void attacked(HostileOutcome outcome);
  }
}
