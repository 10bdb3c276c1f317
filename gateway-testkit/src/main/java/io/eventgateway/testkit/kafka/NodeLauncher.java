package io.eventgateway.testkit.kafka;

import io.eventgateway.testkit.process.FreePorts;
import io.eventgateway.testkit.process.JvmCommand;
import io.eventgateway.testkit.process.JvmProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * Lays out the nodes of a new {@link KafkaCluster}: ids 1 to N, two free ports each (broker and
 * controller), one static quorum of them all, a new cluster id, and a directory each under the base
 * directory; and the JVM each node runs in, a {@link ClusterNodeMain} on this JVM's classpath.
 * Starts nothing.
 */
final class NodeLauncher {
  /** The maximum heap of each node's JVM. */
  static final String NODE_HEAP = "384m";

  private NodeLauncher() {}

  /**
   * The nodes of a new cluster, not started, in id order.
   *
   * @throws IllegalArgumentException when a node's directory exists already
   */
  static Map<Integer, ClusterNode> layOut(Path baseDirectory, int nodeCount) {
    Path base = baseDirectory.toAbsolutePath();
    int[] ports = FreePorts.onLoopback(2 * nodeCount);
    String clusterId = Uuid.randomUuid().toString();
    List<String> voters = new ArrayList<>();
    for (int id = 1; id <= nodeCount; id++) {
      voters.add(id + "@" + ClusterNodeSettings.HOST + ":" + ports[2 * id - 1]);
    }
    Map<Integer, ClusterNode> nodes = new LinkedHashMap<>();
    for (int id = 1; id <= nodeCount; id++) {
      Path nodeDirectory = base.resolve("node-" + id);
      if (Files.exists(nodeDirectory)) {
        throw new IllegalArgumentException(
            nodeDirectory + " exists already; give each cluster a base directory of its own");
      }
      ClusterNodeSettings settings =
          new ClusterNodeSettings(
              id,
              clusterId,
              ports[2 * id - 2],
              ports[2 * id - 1],
              String.join(",", voters),
              nodeDirectory.resolve("data"));
      nodes.put(id, new ClusterNode(settings, process(settings, nodeDirectory)));
    }
    return nodes;
  }

  /** The node's JVM, run in its directory with its output in {@code node.log}; killed on close. */
  private static JvmProcess process(ClusterNodeSettings settings, Path nodeDirectory) {
    JvmCommand command =
        JvmCommand.mainClass(ClusterNodeMain.class)
            .jvmOptions(jvmOptions())
            .arguments(settings.toArguments())
            .build();
    return JvmProcess.builder(
            "node " + settings.nodeId(), command, nodeDirectory.resolve("node.log"))
        .stopGrace(Duration.ZERO)
        .build();
  }

  /**
   * The nodes' JVM options. The heap is capped small (three nodes and the tests share the machine);
   * the serial collector saves the threads and memory of G1, which a node with such a heap does not
   * need; the C1 compiler alone ({@code TieredStopAtLevel=1}) spends far less CPU compiling, which
   * on two cores makes a cluster start markedly faster, at a cost in peak throughput that fault
   * tests do not reach; and an out-of-memory node exits rather than limping on.
   */
  static List<String> jvmOptions() {
    return List.of(
        "-Xms64m",
        "-Xmx" + NODE_HEAP,
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-XX:+ExitOnOutOfMemoryError",
        "-Dlog4j2.configurationFile=classpath:cluster-node-log4j2.xml");
  }
}
