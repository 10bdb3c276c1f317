/**
 * What the gateway tells its operators: metrics (Micrometer, scraped by Prometheus), health and
 * readiness, served over HTTP by {@link io.eventgateway.app.observe.ObservabilityServer}.
 *
 * <p>Metric names and tags live in {@link io.eventgateway.app.observe.MetricNames}, and only there.
 * The core knows nothing of metrics: the per-event figures come from decorators of its ports
 * ({@link io.eventgateway.app.observe.MeteredPublishing} around the publish use case, {@link
 * io.eventgateway.app.observe.MeteredSubscribing} around subscriptions), the Kafka-write times from
 * the Kafka event log's own callback ({@link io.eventgateway.kafka.publish.WriteTimes}), the gRPC
 * figures from Micrometer's server interceptor, the Kafka producer's from its own metrics.
 *
 * <p>Cost on the publish path: four {@code System.nanoTime()} calls, two map lookups and a handful
 * of counter and histogram updates per event; meters are looked up once per stream, never per
 * event. The label values are bounded: a stream name is a label only once the catalogue declares
 * it, every other name counts as {@code (unknown)}; consumer group names, which subscribers choose,
 * are capped ({@link io.eventgateway.app.observe.GroupLabelLimits}: {@link
 * io.eventgateway.app.observe.SubscriptionMeterBook} for the subscription meters, which also expire
 * when idle, {@link io.eventgateway.app.observe.GroupLabelCap} for the cluster's lag meters).
 */
package io.eventgateway.app.observe;
