package io.eventgateway.core.application;

import static io.eventgateway.core.application.SubscribeService.rejected;

import io.eventgateway.core.domain.ConsumerGroupState;
import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.GroupNames;
import io.eventgateway.core.domain.PartitionLag;
import io.eventgateway.core.domain.PartitionState;
import io.eventgateway.core.domain.ReplicationPolicy;
import io.eventgateway.core.domain.StartPosition;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.domain.StreamClass;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.domain.StreamNames;
import io.eventgateway.core.port.in.CreateStreamCommand;
import io.eventgateway.core.port.in.GroupDescription;
import io.eventgateway.core.port.in.ManageConsumerGroupsUseCase;
import io.eventgateway.core.port.in.ManageStreamsUseCase;
import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.core.port.in.RequestFailure.Kind;
import io.eventgateway.core.port.in.RequestRejectedException;
import io.eventgateway.core.port.in.StreamDescription;
import io.eventgateway.core.port.out.ClusterAdmin;
import io.eventgateway.core.port.out.ClusterAdminException;
import io.eventgateway.core.port.out.StreamProvisioner;
import io.eventgateway.core.port.out.StreamRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The administrators' view of streams and consumer groups: describing them, creating streams,
 * resetting groups to replay. Validates every request before it reaches the cluster.
 *
 * <p>Thread-safe.
 */
public final class StreamAdminService implements ManageStreamsUseCase, ManageConsumerGroupsUseCase {
  /** Partitions a created stream gets when the request does not say. */
  public static final int DEFAULT_PARTITIONS = 3;

  /** The most partitions a stream may be created with through the API. */
  public static final int MAX_PARTITIONS = 1000;

  private final StreamCatalog catalog;
  private final ClusterAdmin cluster;
  private final StreamProvisioner provisioner;
  private final StreamRegistry registry;
  private final ReplicationPolicy replication;
  private final Clock clock;

  public StreamAdminService(
      StreamCatalog catalog,
      ClusterAdmin cluster,
      StreamProvisioner provisioner,
      StreamRegistry registry,
      ReplicationPolicy replication,
      Clock clock) {
    this.catalog = catalog;
    this.cluster = cluster;
    this.provisioner = provisioner;
    this.registry = registry;
    this.replication = replication;
    this.clock = clock;
  }

  @Override
  public List<StreamDefinition> listStreams() {
    return catalog.all();
  }

  @Override
  public StreamDescription describeStream(String stream) {
    StreamDefinition definition = declared(stream);
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
    return rejected(
        RequestFailure.of(
            failed.kind() == ClusterAdminException.Kind.UNAVAILABLE
                ? Kind.UNAVAILABLE
                : Kind.INTERNAL,
            what + " stream '" + stream + "': " + failed.getMessage()));
  }

  @Override
  public GroupDescription describeGroup(String group, String stream) {
    checkGroup(group);
    StreamDefinition definition = declared(stream);
    List<PartitionState> partitions = partitions(definition.name());
    ConsumerGroupState state;
    try {
      state = cluster.group(group, definition.name());
    } catch (ClusterAdminException failed) {
      throw rejected(SubscribeService.failure(failed));
    }
    List<PartitionLag> lags = lags(partitions, state.committed());
    return new GroupDescription(
        group,
        definition.name(),
        state.state(),
        state.members(),
        lags,
        lags.stream().mapToLong(PartitionLag::lag).sum());
  }

  @Override
  public List<PartitionLag> resetGroup(String group, String stream, StartPosition target) {
    checkGroup(group);
    StreamDefinition definition = declared(stream);
    if (target == null || target instanceof StartPosition.Committed) {
      throw rejected(
          new RequestFailure(
              Kind.INVALID_ARGUMENT, "to", "is required: EARLIEST, LATEST, TIME or OFFSETS"));
    }
    if (target instanceof StartPosition.AtTime at && at.time().isAfter(clock.instant())) {
      throw rejected(
          new RequestFailure(Kind.OUT_OF_RANGE, "time", "is in the future (" + at.time() + ")"));
    }
    if (target instanceof StartPosition.AtOffsets offsets) {
      SubscribeService.checkOffsets(offsets.offsets(), definition, "offsets");
    }
    Map<Integer, Long> committed;
    try {
      committed = cluster.resetGroup(group, definition.name(), target);
    } catch (ClusterAdminException failed) {
      if (failed.kind() == ClusterAdminException.Kind.GROUP_NOT_EMPTY) {
        throw rejected(
            new RequestFailure(
                Kind.FAILED_PRECONDITION,
                "group",
                "'"
                    + group
                    + "' has live members; a group can only be reset when none of its"
                    + " subscribers is connected ("
                    + failed.getMessage()
                    + ")"));
      }
      if (failed.kind() == ClusterAdminException.Kind.OUT_OF_RANGE
          && target instanceof StartPosition.AtOffsets) {
        throw rejected(
            new RequestFailure(
                Kind.OUT_OF_RANGE,
                "offsets",
                "hold an offset outside the log (" + failed.getMessage() + ")"));
      }
      throw rejected(SubscribeService.failure(failed));
    }
    return lags(partitions(definition.name()), committed);
  }

  private static List<PartitionLag> lags(
      List<PartitionState> partitions, Map<Integer, Long> committed) {
    List<PartitionLag> lags = new ArrayList<>();
    for (PartitionState partition : partitions) {
      lags.add(
          PartitionLag.of(
              partition.partition(),
              committed.getOrDefault(partition.partition(), -1L),
              partition.startOffset(),
              partition.endOffset()));
    }
    return lags;
  }

  private List<PartitionState> partitions(String stream) {
    try {
      return cluster.partitions(stream);
    } catch (ClusterAdminException failed) {
      throw rejected(SubscribeService.failure(failed));
    }
  }

  private StreamDefinition declared(String stream) {
    Optional<String> problem = StreamNames.problemWith(stream);
    if (problem.isPresent()) {
      throw rejected(new RequestFailure(Kind.INVALID_ARGUMENT, "stream", problem.get()));
    }
    return catalog
        .find(stream)
        .orElseThrow(
            () ->
                rejected(
                    new RequestFailure(
                        Kind.UNKNOWN_STREAM,
                        "stream",
                        "'" + stream + "' is not a declared stream")));
  }

  private static void checkGroup(String group) {
    GroupNames.problemWith(group)
        .ifPresent(
            problem -> {
              throw rejected(new RequestFailure(Kind.INVALID_ARGUMENT, "group", problem));
            });
  }
}
