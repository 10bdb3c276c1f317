package io.eventgateway.core.application;

/**
 * Limits on what a publisher may send. Every limit is checked before anything is written.
 *
 * @param maxDataBytes largest {@code data}, in bytes (default 1 MiB)
 * @param maxAttributes most extension attributes per event (default 32)
 * @param maxAttributeValueLength longest attribute value, in characters (default 4096)
 * @param maxFieldLength longest {@code source}, {@code type}, {@code subject} and {@code
 *     data_content_type}, in characters (default 1024)
 * @param maxIdLength longest event {@code id}, in characters (default 256)
 * @param maxBatchEvents most events in one batch (default 1000)
 */
public record PublishLimits(
    int maxDataBytes,
    int maxAttributes,
    int maxAttributeValueLength,
    int maxFieldLength,
    int maxIdLength,
    int maxBatchEvents) {

  public static final PublishLimits DEFAULTS =
      new PublishLimits(1024 * 1024, 32, 4096, 1024, 256, 1000);

  public PublishLimits {
    requirePositive(maxDataBytes, "maxDataBytes");
    requirePositive(maxAttributes, "maxAttributes");
    requirePositive(maxAttributeValueLength, "maxAttributeValueLength");
    requirePositive(maxFieldLength, "maxFieldLength");
    requirePositive(maxIdLength, "maxIdLength");
    requirePositive(maxBatchEvents, "maxBatchEvents");
  }

  /** These limits with a different largest {@code data}. */
  public PublishLimits withMaxDataBytes(int bytes) {
    return new PublishLimits(
        bytes, maxAttributes, maxAttributeValueLength, maxFieldLength, maxIdLength, maxBatchEvents);
  }

  /** These limits with a different largest batch. */
  public PublishLimits withMaxBatchEvents(int events) {
    return new PublishLimits(
        maxDataBytes, maxAttributes, maxAttributeValueLength, maxFieldLength, maxIdLength, events);
  }

  private static void requirePositive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
  }
}
