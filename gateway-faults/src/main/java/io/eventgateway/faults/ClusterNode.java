package io.eventgateway.faults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link ClusterNodeMain} process of a {@link KafkaCluster}: a {@link ManagedProcess} with its
 * node settings, started (again) on the same ports and data. Its output goes to {@code node.log} in
 * the node's directory.
 */
final class ClusterNode extends ManagedProcess {
  private final ClusterNodeSettings settings;

  ClusterNode(ClusterNodeSettings settings, Path directory, List<String> javaCommand) {
    super(
        "node " + settings.nodeId(),
        command(settings, javaCommand),
        directory.resolve("node.log"),
        ClusterNodeMain.READY);
    this.settings = settings;
  }

  private static List<String> command(ClusterNodeSettings settings, List<String> javaCommand) {
    List<String> full = new ArrayList<>(javaCommand);
    full.add(ClusterNodeMain.class.getName());
    full.addAll(settings.toArguments());
    return full;
  }

  int id() {
    return settings.nodeId();
  }

  ClusterNodeSettings settings() {
    return settings;
  }
}
