/**
 * Inbound ports: the use cases the gateway offers to its driving adapters (the gRPC API, the CLI),
 * with their commands and outcomes. Failures are values ({@link
 * io.eventgateway.core.port.in.PublishFailure}) that adapters map to their own status codes.
 */
package io.eventgateway.core.port.in;
