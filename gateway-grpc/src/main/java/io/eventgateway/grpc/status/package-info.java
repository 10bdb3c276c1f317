/**
 * The core's failures as gRPC statuses, and as log lines: {@link
 * io.eventgateway.grpc.status.PublishStatuses} is the only place that turns a {@link
 * io.eventgateway.core.port.in.PublishFailure} into a status (also a per-event result's, with the
 * {@code ErrorInfo} that says whether the event was written), {@link
 * io.eventgateway.grpc.status.RequestStatuses} the only one for a {@link
 * io.eventgateway.core.port.in.RequestFailure} of a subscribe or administration request. {@link
 * io.eventgateway.grpc.status.FailureLog} logs both kinds of failure, at the level each deserves.
 */
package io.eventgateway.grpc.status;
