/**
 * The mapping every service shares: times ({@link io.eventgateway.grpc.mapping.TimeMapper}). Each
 * service maps its own messages ({@code EventMapper}, {@code SubscribeMapper}, {@code AdminMapper})
 * and names the field at fault when a time is invalid.
 */
package io.eventgateway.grpc.mapping;
