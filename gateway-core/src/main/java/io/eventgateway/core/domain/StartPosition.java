package io.eventgateway.core.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** Where reading a stream starts, or where a consumer group is reset to. */
public sealed interface StartPosition {

  /** A group's committed offsets (partitions without one start from the earliest event). */
  record Committed() implements StartPosition {}

  /** The earliest retained event of each partition. */
  record Earliest() implements StartPosition {}

  /** The end of each partition: only events written from now on. */
  record Latest() implements StartPosition {}

  /**
   * Given offsets; only the partitions listed.
   *
   * @param offsets the first offset to read, per partition number
   */
  record AtOffsets(Map<Integer, Long> offsets) implements StartPosition {
    public AtOffsets {
      offsets = Map.copyOf(offsets);
    }
  }

  /**
   * The first event of each partition whose log timestamp is at or after {@code time}.
   *
   * @param time the time
   */
  record AtTime(Instant time) implements StartPosition {
    public AtTime {
      Objects.requireNonNull(time, "time");
    }
  }

  StartPosition COMMITTED = new Committed();
  StartPosition EARLIEST = new Earliest();
  StartPosition LATEST = new Latest();
}
