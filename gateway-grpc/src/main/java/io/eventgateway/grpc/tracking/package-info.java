/**
 * Keeping track of the services' calls: each call's request id, in the response headers, the MDC
 * and the failures' {@code ErrorInfo} ({@link io.eventgateway.grpc.tracking.RequestIds}), and the
 * streaming calls still open, which a drain must end ({@link
 * io.eventgateway.grpc.tracking.OpenCalls}).
 */
package io.eventgateway.grpc.tracking;
