package io.eventgateway.core.port.out.monitor;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The cluster's controller quorum (KRaft) as its leader sees it: who leads, how far the metadata
 * log is committed, and how far each replica of it has come.
 *
 * @param leaderId the leader's replica id; empty while the quorum has none
 * @param leaderEpoch the leader's epoch
 * @param highWatermark the metadata log's high watermark: the offset up to which it is committed
 * @param voters the voters (the controllers), by replica id
 * @param observers the observers (brokers that are not voters), by replica id
 */
public record ControllerQuorum(
    OptionalInt leaderId,
    long leaderEpoch,
    long highWatermark,
    List<Replica> voters,
    List<Replica> observers) {
  public ControllerQuorum {
    Objects.requireNonNull(leaderId, "leaderId");
    voters = voters.stream().sorted(Comparator.comparingInt(Replica::replicaId)).toList();
    observers = observers.stream().sorted(Comparator.comparingInt(Replica::replicaId)).toList();
  }

  /** The voter with this replica id, if it is one. */
  public Optional<Replica> voter(int replicaId) {
    return voters.stream().filter(voter -> voter.replicaId() == replicaId).findFirst();
  }

  /**
   * One replica of the metadata log.
   *
   * @param replicaId its id: the node's id
   * @param logEndOffset the end of its copy of the log, as the leader last heard; empty when the
   *     leader has not heard from it (since it became leader)
   * @param lag the records it is behind the high watermark: {@code max(0, highWatermark -
   *     logEndOffset)}; empty when its log end offset is not known
   * @param lastCaughtUp when it last had everything the leader had, if the leader knows
   * @param lastFetch when it last fetched from the leader, if the leader knows
   */
  public record Replica(
      int replicaId,
      OptionalLong logEndOffset,
      OptionalLong lag,
      Optional<Instant> lastCaughtUp,
      Optional<Instant> lastFetch) {
    public Replica {
      Objects.requireNonNull(logEndOffset, "logEndOffset");
      Objects.requireNonNull(lag, "lag");
      Objects.requireNonNull(lastCaughtUp, "lastCaughtUp");
      Objects.requireNonNull(lastFetch, "lastFetch");
      if (lag.isPresent() != logEndOffset.isPresent()) {
        throw new IllegalArgumentException(
            "lag is known exactly when logEndOffset is; were " + lag + " and " + logEndOffset);
      }
      if (lag.isPresent() && lag.getAsLong() < 0) {
        throw new IllegalArgumentException("lag must not be negative, was " + lag);
      }
    }

    /**
     * A replica at {@code logEndOffset} (empty: unknown) of a log committed to {@code
     * highWatermark}.
     */
    public static Replica of(
        int replicaId,
        OptionalLong logEndOffset,
        long highWatermark,
        Optional<Instant> lastCaughtUp,
        Optional<Instant> lastFetch) {
      OptionalLong lag =
          logEndOffset.isPresent()
              ? OptionalLong.of(Math.max(0, highWatermark - logEndOffset.getAsLong()))
              : OptionalLong.empty();
      return new Replica(replicaId, logEndOffset, lag, lastCaughtUp, lastFetch);
    }
  }
}
