package io.eventgateway.core.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgateway.core.domain.ConsumerGroupState;
import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.PartitionLag;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.domain.StreamClass;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.in.GroupDescription;
import io.eventgateway.core.port.in.RequestFailure.Kind;
import io.eventgateway.core.port.in.RequestRejectedException;
import io.eventgateway.core.port.out.ClusterAdminException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ManageConsumerGroupsServiceTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private static final StreamDefinition ORDERS =
      new StreamDefinition(
          "orders", StreamClass.EVENTS, 2, Durability.STANDARD, Duration.ofDays(7), (short) 1, 1);

  private final StreamCatalog catalog = new StreamCatalog(List.of(ORDERS));
  private final FakeClusterAdmin cluster = new FakeClusterAdmin();
  private final ManageConsumerGroupsService service =
      new ManageConsumerGroupsService(catalog, cluster, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void describesAGroupsLagAgainstTheEndOffsets() {
    cluster.partitions.put(
        "orders",
        List.of(FakeClusterAdmin.partition(0, 0, 10), FakeClusterAdmin.partition(1, 4, 7)));
    cluster.groups.put(
        "billing",
        new ConsumerGroupState(
            "billing",
            "STABLE",
            List.of(new ConsumerGroupState.Member("m-1", "esg", "/127.0.0.1", Set.of(0, 1))),
            Map.of(0, 6L)));

    GroupDescription group = service.describeGroup("billing", "orders");

    assertThat(group.state()).isEqualTo("STABLE");
    assertThat(group.members()).hasSize(1);
    assertThat(group.partitions())
        .containsExactly(new PartitionLag(0, 6, 10, 4), new PartitionLag(1, -1, 7, 3));
    assertThat(group.totalLag()).isEqualTo(7);
    assertRejected(
        () -> service.describeGroup("bad group", "orders"), Kind.INVALID_ARGUMENT, "group");
  }

  @Test
  void resetsAGroupAndReportsTheNewLag() {
    cluster.partitions.put(
        "orders",
        List.of(FakeClusterAdmin.partition(0, 0, 10), FakeClusterAdmin.partition(1, 0, 7)));
    cluster.resetResult = Map.of(0, 0L, 1, 0L);

    List<PartitionLag> after = service.resetGroup("billing", "orders", StartPosition.EARLIEST);

    assertThat(cluster.resets).containsExactly(StartPosition.EARLIEST);
    assertThat(after).extracting(PartitionLag::lag).containsExactly(10L, 7L);
  }

  @Test
  void refusesABadResetAndOneWithLiveMembers() {
    cluster.partitions.put(
        "orders",
        List.of(FakeClusterAdmin.partition(0, 0, 10), FakeClusterAdmin.partition(1, 0, 7)));
    assertRejected(
        () -> service.resetGroup("billing", "orders", StartPosition.COMMITTED),
        Kind.INVALID_ARGUMENT,
        "to");
    assertRejected(
        () -> service.resetGroup("billing", "orders", new StartPosition.AtTime(NOW.plusSeconds(5))),
        Kind.OUT_OF_RANGE,
        "time");
    assertRejected(
        () -> service.resetGroup("billing", "orders", new StartPosition.AtOffsets(Map.of(2, 0L))),
        Kind.OUT_OF_RANGE,
        "offsets[2]");
    assertRejected(
        () -> service.resetGroup("billing", "nope", StartPosition.EARLIEST),
        Kind.UNKNOWN_STREAM,
        "stream");
    assertThat(cluster.resets).isEmpty();

    cluster.resetRefusal =
        new ClusterAdminException(ClusterAdminException.Kind.GROUP_NOT_EMPTY, "1 member");
    assertRejected(
        () -> service.resetGroup("billing", "orders", StartPosition.LATEST),
        Kind.FAILED_PRECONDITION,
        "group");
    cluster.resetRefusal =
        new ClusterAdminException(ClusterAdminException.Kind.OUT_OF_RANGE, "offset 99 of 0");
    assertRejected(
        () -> service.resetGroup("billing", "orders", new StartPosition.AtOffsets(Map.of(0, 99L))),
        Kind.OUT_OF_RANGE,
        "offsets");
  }

  private static void assertRejected(ThrowingCallable call, Kind kind, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e -> {
              assertThat(e.failure().kind()).isEqualTo(kind);
              assertThat(e.failure().field()).isEqualTo(field);
            });
  }
}
