package io.eventgateway.core.testing;

import io.eventgateway.core.application.PublishLimits;

/**
 * Publish limits for tests. {@link #TYPICAL} has the values of the gateway's default configuration
 * (1 MiB of data, 32 attributes of up to 4096 characters, fields of 1024, ids of 256, batches of
 * 1000), which tests of the record bound assume; the product's defaults themselves are defined by
 * the configuration model only.
 */
public final class TestLimits {
  public static final PublishLimits TYPICAL =
      new PublishLimits(1024 * 1024, 32, 4096, 1024, 256, 1000);

  private TestLimits() {}
}
