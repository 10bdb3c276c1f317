package io.eventgateway.app.config;

import io.eventgateway.core.port.SubscriberBudget;
import io.eventgateway.grpc.subscribe.SubscriberSettings;

/** The {@code subscribe} section: what subscriptions may cost. */
public record SubscribeConfig(
    @Setting(
            value = "" + SubscriberBudget.DEFAULT_MAX_BUFFERED_BYTES,
            min = "1",
            max = "" + Integer.MAX_VALUE,
            doc =
                "bytes one subscriber may make the gateway hold between Kafka and the client"
                    + " (fetched, polled, and delivered but not yet written to gRPC); sets the"
                    + " consumer's `fetch.max.bytes`, `max.partition.fetch.bytes` and"
                    + " `max.poll.records`. Worst case per subscriber: this plus 4 records of"
                    + " `limits.max-data-bytes` and their attributes (docs/reliability.md)")
        long maxBufferedBytesPerSubscriber,
    @Setting(
            value = "" + SubscriberSettings.DEFAULT_MAX_PER_CONNECTION,
            min = "1",
            doc =
                "most `Subscribe` calls open at once on one connection; more are refused with"
                    + " RESOURCE_EXHAUSTED")
        int maxPerConnection,
    @Setting(
            value = "" + SubscriberSettings.DEFAULT_MAX_SUBSCRIPTIONS,
            min = "1",
            doc =
                "most `Subscribe` calls open at once on the gateway; more are refused with"
                    + " RESOURCE_EXHAUSTED")
        int maxSubscriptions) {

  /** The budget of one subscriber, for records up to {@code maxRecordBytes}. */
  public SubscriberBudget budget(int maxRecordBytes) {
    return new SubscriberBudget(maxBufferedBytesPerSubscriber, maxRecordBytes);
  }
}
