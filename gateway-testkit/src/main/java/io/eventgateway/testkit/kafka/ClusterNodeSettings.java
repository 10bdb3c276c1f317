package io.eventgateway.testkit.kafka;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * What one node of a {@link KafkaCluster} is started with, and the Kafka configuration that follows
 * from it. The launcher turns it into {@link ClusterNodeMain}'s arguments ({@link #toArguments()})
 * and the node parses them back ({@link #fromArguments(String...)}), so the argument order lives
 * here only.
 *
 * @param nodeId the node's {@code node.id}, also its id among the controller voters
 * @param clusterId the id every node of the cluster formats its storage with (a Kafka {@code Uuid}
 *     in base64)
 * @param brokerPort the port of its client and inter-broker listener on {@value #HOST}
 * @param controllerPort the port of its controller (Raft) listener on {@value #HOST}
 * @param quorumVoters the static quorum, {@code controller.quorum.voters}: {@code
 *     1@127.0.0.1:c1,2@127.0.0.1:c2,...}; must name this node with its controller port
 * @param dataDirectory the node's {@code log.dirs} and metadata log directory
 */
record ClusterNodeSettings(
    int nodeId,
    String clusterId,
    int brokerPort,
    int controllerPort,
    String quorumVoters,
    Path dataDirectory) {

  /** Every node listens on loopback only. */
  static final String HOST = "127.0.0.1";

  static final String CONTROLLER_LISTENER = "CONTROLLER";
  static final String BROKER_LISTENER = "PLAINTEXT";

  private static final Pattern VOTER = Pattern.compile("\\d+@[^:@,]+:\\d+");

  ClusterNodeSettings {
    if (nodeId < 0) {
      throw new IllegalArgumentException("node id must be 0 or more, was " + nodeId);
    }
    if (clusterId == null || clusterId.isBlank()) {
      throw new IllegalArgumentException("cluster id must not be empty");
    }
    requirePort("broker port", brokerPort);
    requirePort("controller port", controllerPort);
    if (brokerPort == controllerPort) {
      throw new IllegalArgumentException(
          "broker and controller ports must differ, both were " + brokerPort);
    }
    if (quorumVoters == null) {
      throw new IllegalArgumentException("quorum voters must not be null");
    }
    for (String voter : quorumVoters.split(",", -1)) {
      if (!VOTER.matcher(voter).matches()) {
        throw new IllegalArgumentException(
            "quorum voter '"
                + voter
                + "' in '"
                + quorumVoters
                + "' is not <node id>@<host>:<controller port>");
      }
    }
    String self = nodeId + "@" + HOST + ":" + controllerPort;
    if (!List.of(quorumVoters.split(",", -1)).contains(self)) {
      throw new IllegalArgumentException(
          "quorum voters '" + quorumVoters + "' do not include this node as " + self);
    }
    if (dataDirectory == null) {
      throw new IllegalArgumentException("data directory must not be null");
    }
  }

  /**
   * Parses {@code <node id> <cluster id> <broker port> <controller port> <quorum voters> <data
   * directory>}.
   *
   * @throws IllegalArgumentException naming the argument that is missing or bad
   */
  static ClusterNodeSettings fromArguments(String... arguments) {
    if (arguments.length != 6) {
      throw new IllegalArgumentException(
          "expected 6 arguments: <node id> <cluster id> <broker port> <controller port>"
              + " <quorum voters> <data directory>; got "
              + arguments.length
              + ": "
              + String.join(" ", arguments));
    }
    return new ClusterNodeSettings(
        parseInt("node id", arguments[0]),
        arguments[1],
        parseInt("broker port", arguments[2]),
        parseInt("controller port", arguments[3]),
        arguments[4],
        Path.of(arguments[5]).toAbsolutePath());
  }

  /** The arguments {@link #fromArguments(String...)} parses back into these settings. */
  List<String> toArguments() {
    return List.of(
        Integer.toString(nodeId),
        clusterId,
        Integer.toString(brokerPort),
        Integer.toString(controllerPort),
        quorumVoters,
        dataDirectory.toAbsolutePath().toString());
  }

  /** {@code 127.0.0.1:<broker port>}. */
  String brokerAddress() {
    return HOST + ":" + brokerPort;
  }

  /**
   * The node's Kafka configuration: a combined broker and controller on loopback, tuned for fault
   * tests on a small machine. Every setting that differs from Kafka's default says why.
   */
  Properties kafkaProperties() {
    Properties properties = new Properties();
    // Identity and listeners: one combined node per process, on 127.0.0.1 only.
    properties.put("process.roles", "broker,controller");
    properties.put("node.id", Integer.toString(nodeId));
    properties.put("controller.quorum.voters", quorumVoters);
    properties.put(
        "listeners",
        BROKER_LISTENER
            + "://"
            + HOST
            + ":"
            + brokerPort
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + HOST
            + ":"
            + controllerPort);
    properties.put("advertised.listeners", BROKER_LISTENER + "://" + brokerAddress());
    properties.put(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    properties.put("controller.listener.names", CONTROLLER_LISTENER);
    properties.put("inter.broker.listener.name", BROKER_LISTENER);
    properties.put("log.dirs", dataDirectory.toString());

    // Durability: what the fault tests check is that an acknowledged write survives losing one
    // node. Three replicas, two of them needed for acks=all, for user topics and internal ones
    // alike. Kafka's defaults are 1 and 1 for user topics, 3/3/2 for the internal ones, and no
    // unclean election; they are set here all the same so that the file says what is tested.
    properties.put("default.replication.factor", "3");
    properties.put("min.insync.replicas", "2");
    properties.put("offsets.topic.replication.factor", "3");
    properties.put("transaction.state.log.replication.factor", "3");
    properties.put("transaction.state.log.min.isr", "2");
    properties.put("unclean.leader.election.enable", "false");
    // Topics come from the tests (and the gateway's declared streams) only; a typo must not create
    // a topic with one partition. Kafka's default is true.
    properties.put("auto.create.topics.enable", "false");

    // Failure detection, so that a fault shows within seconds rather than half a minute.
    // A broker that stops heartbeating (killed, SIGSTOPped) is fenced by the controller after
    // broker.session.timeout.ms (default 9000): its partitions get new leaders and it leaves every
    // ISR. Heartbeats every 500 ms (default 2000) leave 8 chances before that.
    properties.put("broker.heartbeat.interval.ms", "500");
    properties.put("broker.session.timeout.ms", "4000");
    // A follower that has not caught up for this long leaves the ISR (default 30000). Followers
    // fetch at least every replica.fetch.wait.max.ms (500), so 5 s is ten missed rounds.
    properties.put("replica.lag.time.max.ms", "5000");
    // How long a broker's request to the active controller may go unanswered (default 30000). A
    // paused (SIGSTOPped) controller keeps its connections open, so the brokers' requests to it
    // (AlterPartition for ISR changes, AllocateProducerIds for idempotent producers, forwarded
    // admin requests) hang until this timeout before they go to the newly elected controller:
    // with the default, an idempotent producer's first send waited 45 s after a pause.
    properties.put("controller.socket.timeout.ms", "5000");

    // Resources: three nodes and the tests share two cores.
    // The first consumer group would otherwise create 50 offsets partitions (150 replicas), the
    // first transaction 50 more; 6 are plenty for tests and keep the first group quick.
    properties.put("offsets.topic.num.partitions", "6");
    properties.put("transaction.state.log.num.partitions", "6");
    // A new group's first rebalance waits 3 s by default for more members to join; tests start
    // their members together or one at a time and should not pay for it.
    properties.put("group.initial.rebalance.delay.ms", "0");
    // The log cleaner's dedupe buffer is 128 MiB by default, too much for a node's small heap; the
    // tests do not use compacted topics beyond the (small) internal ones.
    properties.put("log.cleaner.dedupe.buffer.size", "2097152");
    return properties;
  }

  private static void requirePort(String name, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(name + " must be 1..65535, was " + port);
    }
  }

  private static int parseInt(String name, String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException(
          name + " must be a number, was '" + text + "'", notANumber);
    }
  }
}
