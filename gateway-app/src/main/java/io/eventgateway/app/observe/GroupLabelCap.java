package io.eventgateway.app.observe;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of the consumer groups the cluster monitor observed get a {@code group} label of their own
 * in the lag meters: at most {@code maxGroups}. A group keeps its label for as long as the cluster
 * has it, so its series do not come and go; groups new to an observation take the free labels in
 * name order; the rest share {@value GroupLabelLimits#OTHER}. A group the cluster no longer has
 * frees its label at the next observation.
 *
 * <p>Not thread-safe: {@link ClusterMetrics} calls it from one thread at a time.
 */
final class GroupLabelCap {
  private final int maxGroups;
  private Set<String> labelled = new LinkedHashSet<>();

  GroupLabelCap(int maxGroups) {
    if (maxGroups < 1) {
      throw new IllegalArgumentException("maxGroups must be at least 1, was " + maxGroups);
    }
    this.maxGroups = maxGroups;
  }

  /** The groups of {@code observed} (every group the cluster has now) that keep their own label. */
  Set<String> labelled(Collection<String> observed) {
    Set<String> now = new TreeSet<>(observed);
    Set<String> kept = new LinkedHashSet<>();
    for (String group : labelled) {
      if (now.contains(group)) {
        kept.add(group);
      }
    }
    for (String group : now) {
      if (kept.size() >= maxGroups) {
        break;
      }
      kept.add(group);
    }
    labelled = kept;
    return Set.copyOf(kept);
  }
}
