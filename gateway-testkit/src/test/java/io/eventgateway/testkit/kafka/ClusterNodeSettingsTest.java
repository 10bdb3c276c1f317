package io.eventgateway.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ClusterNodeSettingsTest {
  private static final String VOTERS = "1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103";

  @Test
  void argumentsRoundTrip() {
    ClusterNodeSettings settings =
        new ClusterNodeSettings(2, "cluster-a", 9092, 9102, VOTERS, Path.of("/data/node-2"));

    assertThat(ClusterNodeSettings.fromArguments(settings.toArguments().toArray(String[]::new)))
        .isEqualTo(settings);
  }

  @Test
  void kafkaPropertiesDescribeACombinedNodeOnLoopbackWithThreeReplicas() {
    ClusterNodeSettings settings =
        new ClusterNodeSettings(2, "cluster-a", 9092, 9102, VOTERS, Path.of("/data/node-2"));

    assertThat(settings.kafkaProperties())
        .containsEntry("process.roles", "broker,controller")
        .containsEntry("node.id", "2")
        .containsEntry("controller.quorum.voters", VOTERS)
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9102")
        .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092")
        .containsEntry("log.dirs", Path.of("/data/node-2").toString())
        .containsEntry("default.replication.factor", "3")
        .containsEntry("min.insync.replicas", "2")
        .containsEntry("unclean.leader.election.enable", "false");
  }

  @Test
  void refusesVotersThatDoNotNameThisNodeWithItsControllerPort() {
    assertThatThrownBy(
            () -> new ClusterNodeSettings(2, "cluster-a", 9092, 9999, VOTERS, Path.of("/data")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("quorum voters '" + VOTERS + "' do not include this node as 2@127.0.0.1:9999");
  }

  @Test
  void refusesAMalformedVoter() {
    assertThatThrownBy(
            () ->
                new ClusterNodeSettings(
                    1, "cluster-a", 9092, 9101, "1@127.0.0.1:9101,2@127.0.0.1", Path.of("/data")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quorum voter '2@127.0.0.1' in")
        .hasMessageContaining("is not <node id>@<host>:<controller port>");
  }

  @Test
  void namesTheBadArgument() {
    assertThatThrownBy(
            () ->
                ClusterNodeSettings.fromArguments(
                    "1", "cluster-a", "ninety", "9101", VOTERS, "/data"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("broker port must be a number, was 'ninety'");
    assertThatThrownBy(() -> ClusterNodeSettings.fromArguments("1", "cluster-a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("expected 6 arguments: <node id> <cluster id>");
  }
}
