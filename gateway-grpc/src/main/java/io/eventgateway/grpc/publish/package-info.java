/**
 * The {@code eventgateway.v1.PublisherService}: maps requests to the core's publish use case
 * ({@link io.eventgateway.grpc.publish.EventMapper}), outcomes to responses, and failures to gRPC
 * statuses ({@link io.eventgateway.grpc.status.PublishStatuses}, the only place that does).
 *
 * <p>Ordering: {@code PublishBatch} returns one result per event in request order. A {@code
 * PublishStream} call publishes events in the order they arrive (so events of one subject on one
 * stream are written in the order sent) and sends one response per event in that same order, even
 * when the log acknowledges out of order across partitions: each call keeps an ordered queue of
 * pending results and sends its completed head.
 *
 * <p>Flow control: a {@code PublishStream} call holds at most {@link
 * io.eventgateway.grpc.publish.PublisherSettings#maxInFlightPerCall()} events between their receipt
 * and the hand-over of their responses to gRPC, and asks for more only while the client reads its
 * responses.
 *
 * <p>Threading: handlers run on the server's handler pool ({@linkplain io.eventgateway.grpc the
 * server's package} says why never on the event loop); outcomes complete on the log's I/O threads
 * (the Kafka producer's network thread), which write the responses there, serialized per call,
 * without a hand-off to another thread: writing a response to gRPC only encodes it and queues it
 * for the transport, which never blocks, and a hand-off per completion cost more than the write
 * itself (see docs/performance.md). Nothing is sent after a call is closed or cancelled.
 *
 * <p>Nullness: nothing here takes or returns {@code null}, except that an absent event time maps to
 * a {@code null} draft time, as the core's {@link io.eventgateway.core.port.in.EventDraft} wants.
 */
package io.eventgateway.grpc.publish;
