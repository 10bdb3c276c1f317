package io.eventgateway.core.port.out;

import java.util.List;

/**
 * What {@link StreamProvisioner#provision} did and found.
 *
 * @param created streams whose storage was created
 * @param updated settings that were changed to match the declaration
 * @param drift differences left as they are (changing them would break per-key order or needs an
 *     operator)
 */
public record ProvisioningReport(List<String> created, List<Drift> updated, List<Drift> drift) {
  public ProvisioningReport {
    created = List.copyOf(created);
    updated = List.copyOf(updated);
    drift = List.copyOf(drift);
  }

  /**
   * One setting of one stream that differs from its declaration.
   *
   * @param stream the stream
   * @param setting the setting, e.g. {@code partitions} or {@code retention.ms}
   * @param declared the declared value
   * @param actual the value found
   */
  public record Drift(String stream, String setting, String declared, String actual) {
    @Override
    public String toString() {
      return stream + " " + setting + ": declared " + declared + ", actual " + actual;
    }
  }
}
