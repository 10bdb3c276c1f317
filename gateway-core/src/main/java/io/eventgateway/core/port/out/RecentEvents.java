package io.eventgateway.core.port.out;

import io.eventgateway.core.domain.Delivery;
import io.eventgateway.core.domain.StreamDefinition;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * What a stream's log holds of the recent past, read back to rebuild state the gateway keeps in
 * memory (the deduplication windows) after a restart.
 */
public interface RecentEvents {

  /**
   * Calls {@code found} for each event written to {@code stream} at or after {@code since}, at most
   * the last {@code maxPerPartition} of each partition, each partition in offset order. Blocks
   * until it has read up to the end each partition had when it began.
   *
   * @throws EventSourceException UNAVAILABLE when the log cannot be read in time
   */
  void read(StreamDefinition stream, Instant since, int maxPerPartition, Consumer<Delivery> found);
}
