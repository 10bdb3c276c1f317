package io.eventgateway.core.port.in;

import io.eventgateway.core.port.out.ProvisioningReport;

/** Make the log's topics match the stream catalogue; run at start-up. */
public interface ReconcileStreamsUseCase {

  /**
   * Creates the topics of declared streams that have none and aligns the settings that can be
   * changed safely. Blocks until done.
   *
   * @return what was created, changed, and found different but left alone
   */
  ProvisioningReport reconcile();
}
