package io.eventgateway.app.config;

import io.eventgateway.core.port.MemoryBudget;

/**
 * The {@code memory} section: the gateway's memory budget, the bytes of events it holds at once
 * across every call, so that {@code -Xmx} alone keeps it alive whatever clients send.
 */
public record MemoryConfig(
    @Setting(
            derived = "a quarter of the JVM's maximum heap (`-Xmx`)",
            min = "1048576",
            doc =
                "most bytes of events the gateway holds at once, as they came on the wire: events"
                    + " read and not yet written to Kafka, and room for the messages it asked"
                    + " publishers for; it stops reading when they reach it (see reliability.md)")
        Long maxBytes) {

  /** The share of the maximum heap that the budget takes when {@code max-bytes} is not set. */
  static final int HEAP_DIVISOR = 4;

  public MemoryConfig {
    if (maxBytes == null) {
      maxBytes = Runtime.getRuntime().maxMemory() / HEAP_DIVISOR;
    }
  }

  /** The budget the adapters share. */
  public MemoryBudget toBudget() {
    return new MemoryBudget("memory.max-bytes", maxBytes);
  }
}
