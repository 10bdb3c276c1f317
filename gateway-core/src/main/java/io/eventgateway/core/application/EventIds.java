package io.eventgateway.core.application;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates event ids for events sent without one: random (version 4) UUIDs drawn from {@link
 * ThreadLocalRandom}, which are unique without the cost and contention of {@code SecureRandom}.
 * Event ids need to be unique, not secret.
 */
public final class EventIds {
  private EventIds() {}

  public static String random() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }
}
