/**
 * gRPC statuses of the subscribe and administration requests: {@link
 * io.eventgateway.grpc.status.RequestStatuses} is the only place that turns the core's {@link
 * io.eventgateway.core.port.in.RequestFailure} into a status. (Publishing has its own, {@link
 * io.eventgateway.grpc.publish.PublishStatuses}, because its failures can also be per-event results
 * rather than statuses that end a call.)
 */
package io.eventgateway.grpc.status;
