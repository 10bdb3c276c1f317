package io.eventgateway.core.port.out;

import io.eventgateway.core.domain.StreamDefinition;
import java.util.Collection;

/**
 * Makes the log's storage match the declared streams: creates what is missing, aligns what can be
 * changed safely, and reports what differs but cannot be changed without breaking order.
 */
public interface StreamProvisioner {

  /**
   * Brings the storage of {@code streams} in line with their definitions. Blocks until done.
   *
   * @throws ClusterAdminException with kind {@link ClusterAdminException.Kind#UNAVAILABLE} when the
   *     cluster cannot be reached in the configured time
   */
  ProvisioningReport provision(Collection<StreamDefinition> streams);
}
