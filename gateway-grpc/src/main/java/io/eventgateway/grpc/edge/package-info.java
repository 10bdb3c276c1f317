/**
 * The HTTP/2 edge: what a client may hold in the gateway before a call reaches a service. The
 * {@link io.eventgateway.grpc.edge.EdgeNegotiator} wraps the protocol negotiator of each accepted
 * connection: it admits the connection against the limits on connections (in total and per client
 * address) before HTTP/2 starts, and puts a frame listener in front of gRPC's that refuses
 * over-large metadata and bounds, in bytes and in time, the request messages that have started but
 * not ended (per connection and for the whole gateway). Refusals are gRPC statuses that name the
 * configuration key of the limit; the connection and its other calls live on.
 *
 * <p>Threading: a connection's handlers run on its Netty event loop; {@link
 * io.eventgateway.grpc.edge.EdgeCounters} and the connection counts are shared by all event loops
 * and thread-safe. {@code docs/reliability.md} ("Memory and the HTTP/2 edge") gives the formula
 * from these settings to the memory held.
 */
package io.eventgateway.grpc.edge;
