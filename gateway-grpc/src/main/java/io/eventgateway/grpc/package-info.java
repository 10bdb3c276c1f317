/**
 * The gRPC server of the gateway: {@link io.eventgateway.grpc.GrpcServer} builds it from a {@link
 * io.grpc.ServerBuilder} (Netty in production, in-process in tests) with its settings ({@link
 * io.eventgateway.grpc.GrpcServerSettings}) and the core's use cases ({@link
 * io.eventgateway.grpc.UseCases}): the publisher, subscriber and admin services, health and
 * reflection; it runs the server and drains it ({@link io.eventgateway.grpc.GrpcServer#drain} says
 * in which order).
 *
 * <p>Packages: one per service ({@code publish}, {@code subscribe}, {@code admin}), each mapping
 * its messages itself; what they share: {@code status} (the core's failures as statuses and log
 * lines), {@code mapping} (times), {@code tracking} (request ids, the open calls a drain ends).
 * Where a core type and an API message share a name ({@code Delivery}, {@code Event}, {@code
 * StreamDefinition}, ...), the mapper imports one and writes the other in full.
 *
 * <p>Threading: handlers run on the server's own fixed pool of {@link
 * io.eventgateway.grpc.GrpcServerSettings#handlerThreads()} threads ({@code esg-grpc-N}), never on
 * the transport's event loop, because they may block: publishing while the log's buffer is full,
 * opening a subscription and the admin calls while the core talks to the cluster. The pool's queue
 * is unbounded; what it holds is bounded by gRPC's flow control (a call's messages are delivered
 * only when asked for) and by the calls per connection. This is the one place that says so; the
 * services and settings link here.
 *
 * <p>This package and its sub-packages depend on the core's inbound ports and domain only, never on
 * its application services or on Kafka.
 */
package io.eventgateway.grpc;
