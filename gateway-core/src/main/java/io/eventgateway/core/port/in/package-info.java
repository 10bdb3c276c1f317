/**
 * Inbound ports: the use cases the gateway offers to its driving adapters (the gRPC API, the CLI),
 * with their commands and outcomes. Failures are values that adapters map to their own status
 * codes: a {@link io.eventgateway.core.port.in.PublishFailure} for publishing (also a per-event
 * outcome), a {@link io.eventgateway.core.port.in.RequestFailure} for subscribing and
 * administration. The two name a condition they share the same way ({@code UNKNOWN_STREAM} for a
 * stream that is not declared).
 */
package io.eventgateway.core.port.in;
