package io.eventgateway.app.config;

import io.eventgateway.app.observe.GroupLabelLimits;
import java.time.Duration;

/**
 * The {@code metrics} section: bounds on the label values that clients choose. Consumer group names
 * are chosen by subscribers, so their meters are capped and expire; stream names are bounded by the
 * catalogue.
 */
public record MetricsConfig(
    @Setting(
            value = "100",
            min = "1",
            max = "100000",
            doc =
                "the most consumer group names that get a `group` label of their own, in the"
                    + " subscription meters and, separately, in the cluster monitor's lag meters;"
                    + " the others share `group=\"(other)\"`")
        int maxGroups,
    @Setting(
            value = "5m",
            min = "1s",
            doc =
                "how long the subscription meters of a stream and group stay after its last"
                    + " subscription ended; then they are removed (and the group's label freed)")
        Duration idleGroupExpiry) {

  /** These bounds as the metrics apply them. */
  public GroupLabelLimits toGroupLabelLimits() {
    return new GroupLabelLimits(maxGroups, idleGroupExpiry);
  }
}
