package io.eventgateway.core.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.PartitionState;
import io.eventgateway.core.domain.ReplicationPolicy;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.domain.StreamClass;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.in.CreateStreamCommand;
import io.eventgateway.core.port.in.RequestFailure.Kind;
import io.eventgateway.core.port.in.RequestRejectedException;
import io.eventgateway.core.port.in.StreamDescription;
import io.eventgateway.core.port.out.ClusterAdminException;
import io.eventgateway.core.port.out.ProvisioningReport;
import io.eventgateway.core.port.out.StreamProvisioner;
import io.eventgateway.core.port.out.StreamRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ManageStreamsServiceTest {
  private static final StreamDefinition ORDERS =
      new StreamDefinition(
          "orders", StreamClass.EVENTS, 2, Durability.STANDARD, Duration.ofDays(7), (short) 1, 1);

  private final StreamCatalog catalog = new StreamCatalog(List.of(ORDERS));
  private final FakeClusterAdmin cluster = new FakeClusterAdmin();
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
  private final ManageStreamsService service =
      new ManageStreamsService(
          catalog, cluster, provisioner, registry, new ReplicationPolicy((short) 3, 2));

  @Test
  void describesAStreamWithItsPartitions() {
    cluster.partitions.put(
        "orders",
        List.of(FakeClusterAdmin.partition(0, 0, 10), FakeClusterAdmin.partition(1, 5, 7)));

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
    cluster.partitions.put("payments", List.of(FakeClusterAdmin.partition(0, 0, 0)));

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
    cluster.partitions.put(
        "payments",
        List.of(FakeClusterAdmin.partition(0, 0, 0), FakeClusterAdmin.partition(1, 0, 0)));
    StreamDefinition created = service.createStream(create("payments", "events", 2)).definition();

    assertThat(registered).containsExactly(created);
    assertThat(catalog.find("payments")).contains(created);
  }

  @Test
  void aStreamTheRegistryFollowerAdoptedFirstIsNotCreatedTwice() {
    cluster.partitions.put("payments", List.of(FakeClusterAdmin.partition(0, 0, 0)));
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
    ManageStreamsService racing =
        new ManageStreamsService(
            catalog, cluster, provisioner, adoptingAtOnce, new ReplicationPolicy((short) 3, 2));

    StreamDefinition created = racing.createStream(create("payments", "events", 1)).definition();

    assertThat(catalog.find("payments")).contains(created);
    assertThat(racing.listStreams())
        .extracting(StreamDefinition::name)
        .containsOnlyOnce("payments");
  }

  @Test
  void aNameThatCollidesWithADeclaredStreamIsRefusedNamingBothBeforeKafkaIsAsked() {
    StreamCatalog dotted =
        new StreamCatalog(
            List.of(
                new StreamDefinition(
                    "orders.eu",
                    StreamClass.EVENTS,
                    2,
                    Durability.STANDARD,
                    Duration.ofDays(7),
                    (short) 1,
                    1)));
    ManageStreamsService creating =
        new ManageStreamsService(
            dotted, cluster, provisioner, registry, new ReplicationPolicy((short) 3, 2));

    assertThatThrownBy(() -> creating.createStream(create("orders_eu", "events", 2)))
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e -> {
              assertThat(e.failure().kind()).isEqualTo(Kind.ALREADY_EXISTS);
              assertThat(e.failure().message())
                  .isEqualTo(
                      "stream 'orders_eu' collides with the declared stream 'orders.eu': Kafka"
                          + " topic names may not differ only in '.' and '_'");
            });
    assertThat(provisioned).isEmpty();
  }

  @Test
  void aCollisionKafkaReportsWithATopicTheCatalogueDoesNotKnowIsAlreadyExists() {
    provisioningFailure =
        new ClusterAdminException(
            ClusterAdminException.Kind.NAME_COLLISION,
            "'a_b' collides with the existing topic 'a.b': Kafka topic names may not differ only"
                + " in '.' and '_'",
            null);

    assertThatThrownBy(() -> service.createStream(create("a_b", "events", 1)))
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e -> {
              assertThat(e.failure().kind()).isEqualTo(Kind.ALREADY_EXISTS);
              assertThat(e.failure().message())
                  .startsWith("stream 'a_b' collides with the existing topic 'a.b'");
            });
    assertThat(registered).isEmpty();
    assertThat(catalog.find("a_b")).isEmpty();
  }

  private static CreateStreamCommand create(String name, String streamClass, int partitions) {
    return new CreateStreamCommand(name, streamClass, OptionalInt.of(partitions), Optional.empty());
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
