package io.eventgateway.app.observe;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Which (stream, group) pairs have subscription meters, so that group names, which subscribers
 * choose, cannot grow {@code /metrics} without bound. At most {@link GroupLabelLimits#maxGroups()}
 * group names hold a label at once (the empty group of a subscription without one does not count);
 * a subscription of any other group is counted under {@value GroupLabelLimits#OTHER}. The meters of
 * a pair no subscription has used for {@link GroupLabelLimits#idleExpiry()} are removed by {@link
 * #expireIdle()}, and a group none of whose pairs has meters left frees its label.
 *
 * <p>Pure bookkeeping: the meters themselves are made and removed by the functions given to the
 * constructor, called while this object's lock is held. Thread-safe (every method takes the lock;
 * subscriptions open and end far less often than they deliver, and deliveries never come here).
 *
 * @param <M> the meters of one pair
 */
final class SubscriptionMeterBook<M> {
  private final GroupLabelLimits limits;
  private final LongSupplier nanoTime;
  private final Function<Key, M> register;
  private final Consumer<M> remove;
  private final Map<Key, Entry<M>> entries = new HashMap<>();

  /** How many pairs with meters each labelled group has. */
  private final Map<String, Integer> labelled = new HashMap<>();

  /** A stream and the {@code group} label its meters carry. */
  record Key(String stream, String group) {}

  /** The meters a subscription counts with, and the key to {@link #close} it with. */
  record Opened<M>(Key key, M meters) {}

  private static final class Entry<M> {
    final M meters;
    int open;
    long idleSince;

    Entry(M meters) {
      this.meters = meters;
    }
  }

  /**
   * @param nanoTime the clock idle times are measured with ({@link System#nanoTime} in production)
   * @param register makes and registers the meters of a key
   * @param remove unregisters meters that {@code register} made
   */
  SubscriptionMeterBook(
      GroupLabelLimits limits,
      LongSupplier nanoTime,
      Function<Key, M> register,
      Consumer<M> remove) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.register = Objects.requireNonNull(register, "register");
    this.remove = Objects.requireNonNull(remove, "remove");
  }

  /**
   * A subscription of {@code group} (empty for none) on {@code stream} opened: the meters it counts
   * with, its group's own or the {@value GroupLabelLimits#OTHER} ones.
   */
  synchronized Opened<M> open(String stream, String group) {
    expireIdle();
    Key key = new Key(stream, labelFor(stream, group));
    Entry<M> entry = entries.get(key);
    if (entry == null) {
      entry = new Entry<>(register.apply(key));
      entries.put(key, entry);
      if (counts(key.group())) {
        labelled.merge(key.group(), 1, Integer::sum);
      }
    }
    entry.open++;
    return new Opened<>(key, entry.meters);
  }

  /** The subscription that {@link #open} returned {@code key} for ended. */
  synchronized void close(Key key) {
    Entry<M> entry = entries.get(key);
    if (entry == null || entry.open == 0) {
      throw new IllegalStateException("no open subscription counted under " + key);
    }
    if (--entry.open == 0) {
      entry.idleSince = nanoTime.getAsLong();
    }
  }

  /** Removes the meters of every pair that has had no subscription for the idle expiry. */
  synchronized void expireIdle() {
    long now = nanoTime.getAsLong();
    long expiry = limits.idleExpiry().toNanos();
    for (Iterator<Map.Entry<Key, Entry<M>>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Entry<M>> next = it.next();
      Entry<M> entry = next.getValue();
      if (entry.open == 0 && now - entry.idleSince >= expiry) {
        it.remove();
        remove.accept(entry.meters);
        String group = next.getKey().group();
        if (counts(group)) {
          labelled.computeIfPresent(group, (g, pairs) -> pairs == 1 ? null : pairs - 1);
        }
      }
    }
  }

  /** The group labels held now, {@value GroupLabelLimits#OTHER} and the empty group not counted. */
  synchronized int labelledGroups() {
    return labelled.size();
  }

  /** How many (stream, group label) pairs have meters now. */
  synchronized int pairs() {
    return entries.size();
  }

  private String labelFor(String stream, String group) {
    if (!counts(group)
        || labelled.containsKey(group)
        || entries.containsKey(new Key(stream, group))) {
      return group;
    }
    return labelled.size() < limits.maxGroups() ? group : GroupLabelLimits.OTHER;
  }

  /** Whether {@code group} is one of the capped labels: not "" (no group) and not the fold. */
  private static boolean counts(String group) {
    return !group.isEmpty() && !group.equals(GroupLabelLimits.OTHER);
  }
}
