package io.eventgateway.core.application;

import static io.eventgateway.core.application.RequestChecks.rejected;

import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.PartitionState;
import io.eventgateway.core.domain.ReplicationPolicy;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.domain.StreamClass;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.domain.StreamNames;
import io.eventgateway.core.port.in.CreateStreamCommand;
import io.eventgateway.core.port.in.ManageStreamsUseCase;
import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.core.port.in.RequestFailure.Kind;
import io.eventgateway.core.port.in.RequestRejectedException;
import io.eventgateway.core.port.in.StreamDescription;
import io.eventgateway.core.port.out.ClusterAdmin;
import io.eventgateway.core.port.out.ClusterAdminException;
import io.eventgateway.core.port.out.StreamProvisioner;
import io.eventgateway.core.port.out.StreamRegistry;
import java.util.List;

/**
 * The administrators' view of the streams catalogue: listing and describing streams, and creating
 * them at run time (topic, then registration). Validates every request before it reaches the
 * cluster.
 *
 * <p>Thread-safe.
 */
public final class ManageStreamsService implements ManageStreamsUseCase {
  /** Partitions a created stream gets when the request does not say. */
  public static final int DEFAULT_PARTITIONS = 3;

  /** The most partitions a stream may be created with through the API. */
  public static final int MAX_PARTITIONS = 1000;

  private final StreamCatalog catalog;
  private final ClusterAdmin cluster;
  private final StreamProvisioner provisioner;
  private final StreamRegistry registry;
  private final ReplicationPolicy replication;

  public ManageStreamsService(
      StreamCatalog catalog,
      ClusterAdmin cluster,
      StreamProvisioner provisioner,
      StreamRegistry registry,
      ReplicationPolicy replication) {
    this.catalog = catalog;
    this.cluster = cluster;
    this.provisioner = provisioner;
    this.registry = registry;
    this.replication = replication;
  }

  @Override
  public List<StreamDefinition> listStreams() {
    return catalog.all();
  }

  @Override
  public StreamDescription describeStream(String stream) {
    StreamDefinition definition = RequestChecks.declared(catalog, stream);
    return new StreamDescription(definition, partitions(definition.name()));
  }

  @Override
  public synchronized StreamDescription createStream(CreateStreamCommand command) {
    StreamNames.problemWith(command.name())
        .ifPresent(
            problem -> {
              throw rejected(new RequestFailure(Kind.INVALID_ARGUMENT, "stream", problem));
            });
    StreamClass streamClass;
    if (command.streamClass() == null || command.streamClass().isEmpty()) {
      throw rejected(new RequestFailure(Kind.INVALID_ARGUMENT, "stream_class", "is required"));
    }
    try {
      streamClass = StreamClass.named(command.streamClass());
    } catch (IllegalArgumentException unknown) {
      throw rejected(
          new RequestFailure(Kind.INVALID_ARGUMENT, "stream_class", unknown.getMessage()));
    }
    int partitions = command.partitions().orElse(DEFAULT_PARTITIONS);
    if (partitions < 1 || partitions > MAX_PARTITIONS) {
      throw rejected(
          new RequestFailure(
              Kind.INVALID_ARGUMENT,
              "partitions",
              "is " + partitions + "; it must be between 1 and " + MAX_PARTITIONS));
    }
    if (catalog.find(command.name()).isPresent()) {
      throw rejected(
          new RequestFailure(
              Kind.ALREADY_EXISTS, "stream", "'" + command.name() + "' is declared already"));
    }
    catalog
        .collidingWith(command.name())
        .ifPresent(
            other -> {
              throw rejected(
                  new RequestFailure(
                      Kind.ALREADY_EXISTS,
                      "stream",
                      "'"
                          + command.name()
                          + "' collides with the declared stream '"
                          + other.name()
                          + "': Kafka topic names may not differ only in '.' and '_'"));
            });
    Durability durability = command.durability().orElse(streamClass.defaultDurability());
    StreamDefinition definition =
        new StreamDefinition(
            command.name(),
            streamClass,
            partitions,
            durability,
            streamClass.defaultRetention(),
            replication.replicationFactor(),
            replication.minInsyncReplicas());
    // topic first, then the registration: a registered stream always has its topic. A failure
    // in between leaves a topic that no instance serves yet; repeating the call finishes the job.
    try {
      provisioner.provision(List.of(definition));
    } catch (ClusterAdminException failed) {
      throw creationFailed(command.name(), "cannot create the topic of", failed);
    }
    try {
      registry.register(definition);
    } catch (ClusterAdminException failed) {
      throw creationFailed(command.name(), "cannot register", failed);
    }
    // the registry's follower may have adopted it already
    StreamDefinition held = catalog.adopt(definition);
    return new StreamDescription(held, partitions(held.name()));
  }

  private static RequestRejectedException creationFailed(
      String stream, String what, ClusterAdminException failed) {
    if (failed.kind() == ClusterAdminException.Kind.NAME_COLLISION) {
      // a topic made outside the gateway, which the catalogue does not know
      return rejected(new RequestFailure(Kind.ALREADY_EXISTS, "stream", failed.getMessage()));
    }
    return rejected(
        RequestFailure.of(
            failed.kind() == ClusterAdminException.Kind.UNAVAILABLE
                ? Kind.UNAVAILABLE
                : Kind.INTERNAL,
            what + " stream '" + stream + "': " + failed.getMessage()));
  }

  private List<PartitionState> partitions(String stream) {
    try {
      return cluster.partitions(stream);
    } catch (ClusterAdminException failed) {
      throw rejected(PortFailures.failure(failed));
    }
  }
}
