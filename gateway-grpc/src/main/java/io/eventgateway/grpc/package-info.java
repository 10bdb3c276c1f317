/**
 * The gRPC server of the gateway: {@link io.eventgateway.grpc.GrpcServer} builds it from a {@link
 * io.grpc.ServerBuilder} (Netty in production, in-process in tests) with its settings ({@link
 * io.eventgateway.grpc.GrpcServerSettings}) and the core's use cases ({@link
 * io.eventgateway.grpc.UseCases}): the publisher, subscriber and admin services, health and
 * reflection; it runs the server and drains it.
 *
 * <p>Threading: handlers run on the gateway's own fixed pool ({@code esg-grpc-N}), never on the
 * transport's event loop, because publishing may block while the log's buffer is full, and opening
 * a subscription or an admin call while the core talks to the cluster.
 *
 * <p>Draining: health NOT_SERVING first, then no new calls, then open publish streams finish what
 * they took and end with UNAVAILABLE, open Subscribe calls cancel their subscriptions and end with
 * UNAVAILABLE, then whatever is left after the timeout is cancelled.
 *
 * <p>This package and its sub-packages depend on the core's inbound ports and domain only, never on
 * its application services or on Kafka.
 */
package io.eventgateway.grpc;
