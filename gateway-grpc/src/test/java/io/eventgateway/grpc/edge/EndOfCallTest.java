package io.eventgateway.grpc.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.Test;

class EndOfCallTest {
  @Test
  void aTrailersOnlyResponseCarriesTheHttpStatusAndContentType() {
    Http2Headers headers = EndOfCall.trailers(true, Status.Code.RESOURCE_EXHAUSTED, "over a");

    assertThat(headers.status().toString()).isEqualTo("200");
    assertThat(headers.get("content-type").toString()).isEqualTo("application/grpc");
    assertThat(headers.get("grpc-status").toString()).isEqualTo("8");
    assertThat(headers.get("grpc-message").toString()).isEqualTo("over a");
  }

  @Test
  void trailersAfterHeadersCarryOnlyTheStatus() {
    Http2Headers headers = EndOfCall.trailers(false, Status.Code.DEADLINE_EXCEEDED, "late");

    assertThat(headers.status()).isNull();
    assertThat(headers.names().stream().map(CharSequence::toString))
        .containsExactlyInAnyOrder("grpc-status", "grpc-message");
  }

  @Test
  void percentEncodesTheMessageAsGrpcDoes() {
    assertThat(EndOfCall.percentEncoded("50% é\n")).isEqualTo("50%25 %C3%A9%0A");
  }
}
