package io.eventgateway.app.observe;

import java.time.Duration;
import java.util.Objects;

/**
 * How many consumer group names get a {@code group} label of their own ({@link #maxGroups}; the
 * others share {@value #OTHER}), and how long the subscription meters of a stream and group stay
 * once no subscription uses them ({@link #idleExpiry}).
 */
public record GroupLabelLimits(int maxGroups, Duration idleExpiry) {

  /**
   * The {@code group} label of the groups beyond {@link #maxGroups}: not a valid group name, so it
   * never stands for one group.
   */
  public static final String OTHER = "(other)";

  public GroupLabelLimits {
    if (maxGroups < 1) {
      throw new IllegalArgumentException("maxGroups must be at least 1, was " + maxGroups);
    }
    Objects.requireNonNull(idleExpiry, "idleExpiry");
    if (idleExpiry.isNegative()) {
      throw new IllegalArgumentException("idleExpiry must not be negative, was " + idleExpiry);
    }
  }
}
