package io.eventgateway.grpc.edge;

import io.grpc.Status;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;

/** The HTTP/2 headers that end a gRPC call with a status, as gRPC's wire protocol defines them. */
final class EndOfCall {
  private EndOfCall() {}

  /**
   * The trailers of a call ended with {@code code} and {@code message}.
   *
   * @param trailersOnly whether no response headers were sent, so that these are the whole response
   *     and carry {@code :status} and {@code content-type}
   */
  static Http2Headers trailers(boolean trailersOnly, Status.Code code, String message) {
    Http2Headers headers = new DefaultHttp2Headers();
    if (trailersOnly) {
      headers.status("200").set("content-type", "application/grpc");
    }
    return headers.setInt("grpc-status", code.value()).set("grpc-message", percentEncoded(message));
  }

  /** {@code grpc-message}'s encoding: UTF-8, percent-encoded outside printable ASCII and '%'. */
  static String percentEncoded(String message) {
    StringBuilder encoded = new StringBuilder(message.length());
    for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '%') {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        encoded.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return encoded.toString();
  }
}
