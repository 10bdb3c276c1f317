/**
 * The {@code eventgateway.v1.SubscriberService}: maps a {@code Subscribe} call's first request to
 * the core's subscribe use case ({@link io.eventgateway.grpc.subscribe.SubscribeMapper}), the
 * subscription's deliveries to {@code Delivery} messages, and its failures to statuses ({@link
 * io.eventgateway.grpc.status.RequestStatuses}).
 *
 * <p>Ordering: deliveries are sent in the order the core hands them over (per partition, offset
 * order); acknowledgements are handed to the core in the order the client sent them.
 *
 * <p>Flow control: a call asks the core for at most {@link
 * io.eventgateway.grpc.subscribe.SubscriberSettings#deliveryBatch()} deliveries at a time and only
 * while gRPC says the client reads; the core's own window ({@code max_unacknowledged}) bounds the
 * deliveries that wait for acknowledgement.
 *
 * <p>Threading: requests are handled on the server's handler executor, one at a time per call;
 * deliveries arrive on the core's threads and are written there, serialized with everything else
 * the call sends. Nothing is sent after a call is closed or cancelled.
 *
 * <p>Nullness: nothing here takes or returns {@code null}, except that {@code
 * START_FROM_UNSPECIFIED} maps to a {@code null} start, the core's default, as {@link
 * io.eventgateway.core.port.in.SubscribeCommand} wants.
 */
package io.eventgateway.grpc.subscribe;
