package io.eventgateway.app.config;

import io.eventgateway.core.application.Deduplication;
import java.time.Duration;

/** The {@code dedup} section: deduplication by event id. */
public record DedupConfig(
    @Setting(
            value = "5m",
            min = "0s",
            doc =
                "how long a publisher-chosen event id is remembered per stream: an event resent"
                    + " with the same id within it is not written again; `0s` turns"
                    + " deduplication off")
        Duration window,
    @Setting(
            value = "50000",
            min = "1",
            doc =
                "the most ids remembered per stream, oldest forgotten first (about 200 bytes of"
                    + " heap each)")
        int maxIdsPerStream,
    @Setting(
            value = "false",
            doc =
                "whether standard streams are deduplicated too; critical streams always are while"
                    + " `dedup.window` is not zero")
        boolean standardStreams) {

  /** This deduplication as the core applies it. */
  public Deduplication toDeduplication() {
    return new Deduplication(window, maxIdsPerStream, standardStreams);
  }
}
