/**
 * What the gRPC services' calls share: the set of open streaming calls that a drain ends ({@link
 * io.eventgateway.grpc.calls.OpenCalls}) and the request id of every call ({@link
 * io.eventgateway.grpc.calls.RequestIds}).
 */
package io.eventgateway.grpc.calls;
