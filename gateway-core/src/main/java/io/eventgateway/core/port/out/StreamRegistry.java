package io.eventgateway.core.port.out;

import io.eventgateway.core.domain.StreamDefinition;
import java.util.function.Consumer;

/**
 * Where streams created at run time are recorded, so that every gateway instance in front of the
 * same cluster knows them, and so does this one after a restart. Streams declared in the
 * configuration are not registered: each instance declares them itself.
 */
public interface StreamRegistry {

  /**
   * Calls {@code listener} with every registered stream and returns once it was called for every
   * stream registered before this call; from then on it calls {@code listener}, from another
   * thread, for the streams registered later by any instance, until the registry is closed. A
   * stream registered twice (by two instances at once) is passed twice: the listener decides. Call
   * it once.
   *
   * @throws ClusterAdminException with kind {@link ClusterAdminException.Kind#UNAVAILABLE} when the
   *     registry cannot be read in the configured time
   */
  void follow(Consumer<StreamDefinition> listener);

  /**
   * Records {@code definition} durably. Blocks until the registry has it; every follower, this
   * instance's included, is then told of it shortly after.
   *
   * @throws ClusterAdminException with kind {@link ClusterAdminException.Kind#UNAVAILABLE} when the
   *     registry cannot be written in the configured time
   */
  void register(StreamDefinition definition);
}
