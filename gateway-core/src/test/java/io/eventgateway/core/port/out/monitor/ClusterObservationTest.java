package io.eventgateway.core.port.out.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules the cluster observation's records keep, whatever adapter builds them. */
class ClusterObservationTest {

  @Test
  void lagIsTheRecordsFromTheCommittedOffsetToTheEndAndNeverNegative() {
    GroupPartitionLag behind =
        GroupPartitionLag.of("t", 0, 4, 10, Optional.of(Duration.ofSeconds(3)));
    GroupPartitionLag ahead = GroupPartitionLag.of("t", 1, 12, 10, Optional.empty());

    assertThat(behind.lag()).isEqualTo(6);
    assertThat(behind.timeLag()).contains(Duration.ofSeconds(3));
    assertThat(ahead.lag()).isZero();
    assertThat(ahead.timeLag()).as("nothing to consume").contains(Duration.ZERO);
    assertThatThrownBy(() -> new GroupPartitionLag("t", 0, 4, 10, 5, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max(0, endOffset - committedOffset) = 6");
    assertThatThrownBy(
            () -> new GroupPartitionLag("t", 0, 10, 10, 0, Optional.of(Duration.ofSeconds(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nothing to consume");
  }

  @Test
  void aGroupSumsItsLagAndKeepsItsLargestTimeLag() {
    GroupLag group =
        new GroupLag(
            "g",
            "CLASSIC",
            "EMPTY",
            OptionalInt.of(0),
            List.of(
                GroupPartitionLag.of("t", 1, 0, 5, Optional.empty()),
                GroupPartitionLag.of("t", 0, 4, 10, Optional.of(Duration.ofSeconds(3))),
                GroupPartitionLag.of("s", 0, 0, 1, Optional.of(Duration.ofSeconds(9)))));

    assertThat(group.totalLag()).isEqualTo(12);
    assertThat(group.maxTimeLag()).contains(Duration.ofSeconds(9));
    assertThat(group.partitions())
        .extracting(p -> p.topic() + "-" + p.partition())
        .containsExactly("s-0", "t-0", "t-1");
  }

  @Test
  void healthCountsPartitionsOverTopicsAndBrokersOffline() {
    ClusterHealth health =
        new ClusterHealth(
            Set.of(1, 3),
            Set.of(1, 2, 3),
            Optional.empty(),
            List.of(
                new TopicHealth("a", 3, OptionalInt.of(2), 2, 1, 1),
                new TopicHealth("b", 2, OptionalInt.empty(), 1, 0, 0)),
            List.of());

    assertThat(health.brokersOffline()).containsExactly(2);
    assertThat(health.partitions()).isEqualTo(5);
    assertThat(health.underReplicatedPartitions()).isEqualTo(3);
    assertThat(health.offlinePartitions()).isEqualTo(1);
    assertThat(health.underMinIsrPartitions()).isEqualTo(1);
    assertThatThrownBy(
            () -> new ClusterHealth(Set.of(4), Set.of(1), Optional.empty(), List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must include every broker online");
    assertThatThrownBy(() -> new TopicHealth("c", 2, OptionalInt.of(2), 3, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("underReplicated");
  }

  @Test
  void aQuorumReplicaLagsBehindTheHighWatermarkOnlyWhenItsEndIsKnown() {
    ControllerQuorum.Replica behind =
        ControllerQuorum.Replica.of(
            2, OptionalLong.of(90), 100, Optional.empty(), Optional.empty());
    ControllerQuorum.Replica ahead =
        ControllerQuorum.Replica.of(
            1, OptionalLong.of(105), 100, Optional.empty(), Optional.empty());
    ControllerQuorum.Replica unheard =
        ControllerQuorum.Replica.of(
            3, OptionalLong.empty(), 100, Optional.empty(), Optional.empty());

    assertThat(behind.lag()).hasValue(10);
    assertThat(ahead.lag()).hasValue(0);
    assertThat(unheard.lag()).isEmpty();
    ControllerQuorum quorum =
        new ControllerQuorum(OptionalInt.of(1), 5, 100, List.of(unheard, behind, ahead), List.of());
    assertThat(quorum.voters())
        .extracting(ControllerQuorum.Replica::replicaId)
        .containsExactly(1, 2, 3);
    assertThat(quorum.voter(2)).contains(behind);
  }

  @Test
  void anObservationListsGroupsOnceAndSaysWhetherItIsComplete() {
    Instant now = Instant.now();
    GroupLag group = new GroupLag("g", "CLASSIC", "EMPTY", OptionalInt.empty(), List.of());
    ClusterObservation partial =
        new ClusterObservation(
            now,
            Duration.ofMillis(5),
            ClusterHealth.unknown(),
            List.of(),
            List.of(group),
            Map.of(ClusterObservation.Part.LOG_DIRS, "not authorised"));

    assertThat(partial.complete()).isFalse();
    assertThat(partial.group("g")).contains(group);
    assertThat(partial.group("h")).isEmpty();
    assertThatThrownBy(
            () ->
                new ClusterObservation(
                    now,
                    Duration.ZERO,
                    ClusterHealth.unknown(),
                    List.of(),
                    List.of(group, group),
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listed twice");
  }
}
