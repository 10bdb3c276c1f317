package io.eventgateway.app.config;

import io.eventgateway.core.application.PublishLimits;

/**
 * The {@code limits} section: what one event and one batch may hold. Lengths in characters are
 * counted in UTF-16 code units, as Java counts them.
 */
public record LimitsConfig(
    @Setting(value = "1048576", min = "1", doc = "size of an event's `data`, in bytes")
        int maxDataBytes,
    @Setting(value = "32", min = "1", doc = "number of extension attributes of one event")
        int maxAttributes,
    @Setting(value = "4096", min = "1", doc = "length of one attribute value, in characters")
        int maxAttributeValueLength,
    @Setting(
            value = "1024",
            min = "1",
            doc = "length of `source`, `type`, `subject` and `data_content_type`, in characters")
        int maxFieldLength,
    @Setting(value = "256", min = "1", doc = "length of the event `id`, in characters")
        int maxIdLength,
    @Setting(value = "1000", min = "1", doc = "number of events in one `PublishBatch` call")
        int maxBatchEvents) {

  /** These limits as the core checks them. */
  public PublishLimits toPublishLimits() {
    return new PublishLimits(
        maxDataBytes,
        maxAttributes,
        maxAttributeValueLength,
        maxFieldLength,
        maxIdLength,
        maxBatchEvents);
  }
}
