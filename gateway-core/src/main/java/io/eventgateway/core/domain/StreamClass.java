package io.eventgateway.core.domain;

import java.time.Duration;

/** The class of a stream sets its defaults: retention and durability (ADR 002's topic design). */
public enum StreamClass {
  /** Business events: kept 7 days, standard durability unless declared critical. */
  EVENTS(Duration.ofDays(7), Durability.STANDARD),
  /** Raw data: kept 30 days, standard durability. */
  RAW(Duration.ofDays(30), Durability.STANDARD),
  /** Audit logs and transactions: kept 90 days, critical durability. */
  AUDIT(Duration.ofDays(90), Durability.CRITICAL);

  private final Duration retention;
  private final Durability durability;

  StreamClass(Duration retention, Durability durability) {
    this.retention = retention;
    this.durability = durability;
  }

  public Duration defaultRetention() {
    return retention;
  }

  public Durability defaultDurability() {
    return durability;
  }

  /** The class named {@code name} in lower or upper case, e.g. {@code "audit"}. */
  public static StreamClass named(String name) {
    for (StreamClass streamClass : values()) {
      if (streamClass.name().equalsIgnoreCase(name)) {
        return streamClass;
      }
    }
    throw new IllegalArgumentException(
        "unknown stream class '" + name + "' (expected events, raw or audit)");
  }

  /** The name used in configuration and in the API, e.g. {@code "audit"}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
