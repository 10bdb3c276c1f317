/**
 * Outbound ports: what the application needs from the outside world, named by role. Adapters
 * implement them; the core never names a technology.
 *
 * <ul>
 *   <li>Publishing: {@link io.eventgateway.core.port.out.EventLog}, the durable log events are
 *       written to, and {@link io.eventgateway.core.port.out.RecentEvents}, what it holds of the
 *       recent past (to rebuild the deduplication windows).
 *   <li>Subscribing: {@link io.eventgateway.core.port.out.EventSource}, which opens a feed of a
 *       stream's events for a {@link java.util.concurrent.Flow.Subscriber} and hands it a {@link
 *       io.eventgateway.core.port.DeliverySubscription}.
 *   <li>Administration: {@link io.eventgateway.core.port.out.StreamProvisioner} and {@link
 *       io.eventgateway.core.port.out.StreamRegistry} (the streams' storage), {@link
 *       io.eventgateway.core.port.out.ClusterAdmin} (partitions, consumer groups, group resets).
 *   <li>Observing the cluster, for metrics and status pages only: the feature package {@link
 *       io.eventgateway.core.port.out.monitor}, port and records together, since no use case reads
 *       them.
 * </ul>
 *
 * <p>Failures: one exception per kind of request, each with a kind the services map to their own
 * failures: {@link io.eventgateway.core.port.out.EventLogException} (an append: written or not,
 * maybe written), {@link io.eventgateway.core.port.out.EventSourceException} (a read), {@link
 * io.eventgateway.core.port.out.ClusterAdminException} (an administrative request).
 */
package io.eventgateway.core.port.out;
