/**
 * HTTP/2 written by hand ({@link io.eventgateway.testkit.http2.RawHttp2}), for the attacks no gRPC
 * client makes: forbidden headers, messages that start and never end. It uses Netty's HPACK decoder
 * from {@code grpc-netty-shaded}, an optional dependency of the test kit: a module that uses this
 * package declares it itself.
 */
package io.eventgateway.testkit.http2;
