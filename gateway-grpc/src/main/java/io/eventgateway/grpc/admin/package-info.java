/**
 * The {@code eventgateway.v1.AdminService}: maps its requests to the core's stream and consumer
 * group use cases and their answers to messages ({@link io.eventgateway.grpc.admin.AdminMapper}),
 * failures to statuses ({@link io.eventgateway.grpc.status.RequestStatuses}).
 *
 * <p>Threading: unary handlers on the server's handler executor; they block while the core talks to
 * the cluster.
 *
 * <p>Nullness: nothing here takes or returns {@code null}, except that {@code RESET_TO_UNSPECIFIED}
 * maps to a {@code null} reset target, which the core refuses as "to is required".
 */
package io.eventgateway.grpc.admin;
