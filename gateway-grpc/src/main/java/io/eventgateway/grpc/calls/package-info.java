/** What the gRPC services' streaming calls share: the set of open calls that a drain ends. */
package io.eventgateway.grpc.calls;
