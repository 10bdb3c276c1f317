package io.eventgateway.core.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgateway.core.domain.ConsumerGroupState;
import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.PartitionLag;
import io.eventgateway.core.domain.PartitionState;
import io.eventgateway.core.domain.ReplicationPolicy;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.domain.StreamClass;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.in.CreateStreamCommand;
import io.eventgateway.core.port.in.GroupDescription;
import io.eventgateway.core.port.in.RequestFailure.Kind;
import io.eventgateway.core.port.in.RequestRejectedException;
import io.eventgateway.core.port.in.StreamDescription;
import io.eventgateway.core.port.out.ClusterAdmin;
import io.eventgateway.core.port.out.ClusterAdminException;
import io.eventgateway.core.port.out.ProvisioningReport;
import io.eventgateway.core.port.out.StreamProvisioner;
import io.eventgateway.core.port.out.StreamRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class StreamAdminServiceTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private static final StreamDefinition ORDERS =
      new StreamDefinition(
          "orders", StreamClass.EVENTS, 2, Durability.STANDARD, Duration.ofDays(7), (short) 1, 1);

  private final StreamCatalog catalog = new StreamCatalog(List.of(ORDERS));
  private final FakeCluster cluster = new FakeCluster();
  private final List<StreamDefinition> provisioned = new ArrayList<>();
  private ClusterAdminException provisioningFailure;
  private final StreamProvisioner provisioner =
      (Collection<StreamDefinition> streams) -> {
        if (provisioningFailure != null) {
          throw provisioningFailure;
        }
        provisioned.addAll(streams);
        return new ProvisioningReport(
            streams.stream().map(StreamDefinition::name).toList(), List.of(), List.of());
      };
  private final List<StreamDefinition> registered = new ArrayList<>();
  private ClusterAdminException registryFailure;
  private final StreamRegistry registry =
      new StreamRegistry() {
        @Override
        public void follow(Consumer<StreamDefinition> listener) {
          throw new UnsupportedOperationException("the service never follows");
        }

        @Override
        public void register(StreamDefinition definition) {
          if (registryFailure != null) {
            throw registryFailure;
          }
          registered.add(definition);
        }
      };
  private final StreamAdminService service =
      new StreamAdminService(
          catalog,
          cluster,
          provisioner,
          registry,
          ReplicationPolicy.PRODUCTION,
          Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void describesAStreamWithItsPartitions() {
    cluster.partitions.put("orders", List.of(partition(0, 0, 10), partition(1, 5, 7)));

    StreamDescription description = service.describeStream("orders");

    assertThat(description.definition()).isEqualTo(ORDERS);
    assertThat(description.partitions())
        .extracting(PartitionState::endOffset)
        .containsExactly(10L, 7L);
    assertRejected(() -> service.describeStream("nope"), Kind.UNKNOWN_STREAM, "stream");
    assertRejected(() -> service.describeStream("bad/name"), Kind.INVALID_ARGUMENT, "stream");
  }

  @Test
  void createsADeclaredStreamOfAClassWithTheDeploymentsReplication() {
    cluster.partitions.put("payments", List.of(partition(0, 0, 0)));

    StreamDescription created =
        service.createStream(
            new CreateStreamCommand("payments", "audit", OptionalInt.of(1), Optional.empty()));

    StreamDefinition definition = created.definition();
    assertThat(definition.streamClass()).isEqualTo(StreamClass.AUDIT);
    assertThat(definition.durability()).isEqualTo(Durability.CRITICAL);
    assertThat(definition.retention()).isEqualTo(Duration.ofDays(90));
    assertThat(definition.replicationFactor()).isEqualTo((short) 3);
    assertThat(definition.minInsyncReplicas()).isEqualTo(2);
    assertThat(provisioned).containsExactly(definition);
    assertThat(registered).containsExactly(definition);
    assertThat(catalog.find("payments")).contains(definition);
    assertThat(service.listStreams())
        .extracting(StreamDefinition::name)
        .containsExactly("orders", "payments");
  }

  @Test
  void refusesABadCreateNamingTheFieldAndCreatesNothing() {
    assertRejected(
        () -> service.createStream(create("__x", "events", 3)), Kind.INVALID_ARGUMENT, "stream");
    assertRejected(
        () -> service.createStream(create("x", "", 3)), Kind.INVALID_ARGUMENT, "stream_class");
    assertRejected(
        () -> service.createStream(create("x", "weekly", 3)),
        Kind.INVALID_ARGUMENT,
        "stream_class");
    assertRejected(
        () -> service.createStream(create("x", "events", 0)), Kind.INVALID_ARGUMENT, "partitions");
    assertRejected(
        () -> service.createStream(create("orders", "events", 3)), Kind.ALREADY_EXISTS, "stream");
    provisioningFailure =
        new ClusterAdminException(ClusterAdminException.Kind.UNAVAILABLE, "down", null);
    assertRejected(() -> service.createStream(create("x", "events", 3)), Kind.UNAVAILABLE, "");
    assertThat(provisioned).isEmpty();
    assertThat(registered).isEmpty();
    assertThat(catalog.find("x")).isEmpty();
  }

  @Test
  void aStreamWhoseRegistrationFailedIsNotServedAndARetryCompletesIt() {
    registryFailure =
        new ClusterAdminException(ClusterAdminException.Kind.UNAVAILABLE, "down", null);
    assertRejected(
        () -> service.createStream(create("payments", "events", 2)), Kind.UNAVAILABLE, "");
    assertThat(provisioned).extracting(StreamDefinition::name).containsExactly("payments");
    assertThat(catalog.find("payments")).isEmpty();

    registryFailure = null;
    cluster.partitions.put("payments", List.of(partition(0, 0, 0), partition(1, 0, 0)));
    StreamDefinition created = service.createStream(create("payments", "events", 2)).definition();

    assertThat(registered).containsExactly(created);
    assertThat(catalog.find("payments")).contains(created);
  }

  @Test
  void aStreamTheRegistryFollowerAdoptedFirstIsNotCreatedTwice() {
    cluster.partitions.put("payments", List.of(partition(0, 0, 0)));
    StreamRegistry adoptingAtOnce =
        new StreamRegistry() {
          @Override
          public void follow(Consumer<StreamDefinition> listener) {}

          @Override
          public void register(StreamDefinition definition) {
            registered.add(definition);
            catalog.adopt(definition); // the follower thread was quicker than the call
          }
        };
    StreamAdminService racing =
        new StreamAdminService(
            catalog,
            cluster,
            provisioner,
            adoptingAtOnce,
            ReplicationPolicy.PRODUCTION,
            Clock.fixed(NOW, ZoneOffset.UTC));

    StreamDefinition created = racing.createStream(create("payments", "events", 1)).definition();

    assertThat(catalog.find("payments")).contains(created);
    assertThat(racing.listStreams())
        .extracting(StreamDefinition::name)
        .containsOnlyOnce("payments");
  }

  private static CreateStreamCommand create(String name, String streamClass, int partitions) {
    return new CreateStreamCommand(name, streamClass, OptionalInt.of(partitions), Optional.empty());
  }

  @Test
  void describesAGroupsLagAgainstTheEndOffsets() {
    cluster.partitions.put("orders", List.of(partition(0, 0, 10), partition(1, 4, 7)));
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
    cluster.partitions.put("orders", List.of(partition(0, 0, 10), partition(1, 0, 7)));
    cluster.resetResult = Map.of(0, 0L, 1, 0L);

    List<PartitionLag> after = service.resetGroup("billing", "orders", StartPosition.EARLIEST);

    assertThat(cluster.resets).containsExactly(StartPosition.EARLIEST);
    assertThat(after).extracting(PartitionLag::lag).containsExactly(10L, 7L);
  }

  @Test
  void refusesABadResetAndOneWithLiveMembers() {
    cluster.partitions.put("orders", List.of(partition(0, 0, 10), partition(1, 0, 7)));
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

  private static PartitionState partition(int partition, long start, long end) {
    return new PartitionState(partition, start, end, 1, List.of(1), List.of(1));
  }

  private static final class FakeCluster implements ClusterAdmin {
    final Map<String, List<PartitionState>> partitions = new HashMap<>();
    final Map<String, ConsumerGroupState> groups = new HashMap<>();
    final List<StartPosition> resets = new ArrayList<>();
    Map<Integer, Long> resetResult = Map.of();
    ClusterAdminException resetRefusal;

    @Override
    public List<PartitionState> partitions(String stream) {
      List<PartitionState> found = partitions.get(stream);
      if (found == null) {
        throw new ClusterAdminException(ClusterAdminException.Kind.UNKNOWN_STREAM, stream);
      }
      return found;
    }

    @Override
    public ConsumerGroupState group(String group, String stream) {
      return groups.getOrDefault(
          group, new ConsumerGroupState(group, "EMPTY", List.of(), Map.of()));
    }

    @Override
    public Set<String> streamsOf(String group) {
      return Set.of();
    }

    @Override
    public Map<Integer, Long> resetGroup(String group, String stream, StartPosition target) {
      if (resetRefusal != null) {
        throw resetRefusal;
      }
      resets.add(target);
      return resetResult;
    }
  }
}
