package io.eventgateway.core.application;

import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.port.in.ReconcileStreamsUseCase;
import io.eventgateway.core.port.out.ProvisioningReport;
import io.eventgateway.core.port.out.StreamProvisioner;

/** Reconciles every declared stream through the {@link StreamProvisioner}. */
public final class ReconcileStreamsService implements ReconcileStreamsUseCase {
  private final StreamCatalog catalog;
  private final StreamProvisioner provisioner;

  public ReconcileStreamsService(StreamCatalog catalog, StreamProvisioner provisioner) {
    this.catalog = catalog;
    this.provisioner = provisioner;
  }

  @Override
  public ProvisioningReport reconcile() {
    return provisioner.provision(catalog.all());
  }
}
