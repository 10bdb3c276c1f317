package io.eventgateway.grpc.edge;

import static io.eventgateway.grpc.testing.TestGateway.event;
import static io.eventgateway.grpc.testing.TestGateway.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.core.application.EventValidator;
import io.eventgateway.core.application.PublishEventsService;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.testing.InMemoryEventLog;
import io.eventgateway.core.testing.TestLimits;
import io.eventgateway.grpc.GrpcServer;
import io.eventgateway.grpc.GrpcServerSettings;
import io.eventgateway.grpc.testing.TestGateway;
import io.eventgateway.grpc.testing.TestServerSettings;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The edge's limits on Netty over loopback, seen by a grpc-java client. */
class EdgeLimitsTest {
  private static final int MAX_METADATA_BYTES = 4096;

  private final InMemoryEventLog log = new InMemoryEventLog();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private GrpcServer gateway;

  @AfterEach
  void stop() {
    channels.forEach(ManagedChannel::shutdownNow);
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void metadataOverTheLimitEndsItsCallWithAStatusNamingTheKeyAndTheConnectionServesOn()
      throws IOException {
    start(
        new EdgeSettings(
            10, 10, MAX_METADATA_BYTES, Duration.ofSeconds(10), 64 << 20, 64 << 20, 1 << 20));
    ManagedChannel channel = channel();
    Metadata big = new Metadata();
    big.put(Metadata.Key.of("x-big", Metadata.ASCII_STRING_MARSHALLER), "x".repeat(5000));
    PublisherServiceGrpc.PublisherServiceBlockingStub stub = stub(channel);

    StatusRuntimeException refused =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(big))
                    .publish(request("orders", event("e-1", "s"))));

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.getStatus().getDescription())
        .contains("grpc.max-metadata-bytes (4096 bytes");
    assertThat(stub.publish(request("orders", event("e-2", "s"))).getResult().getStatus().getCode())
        .as("the next call on the same connection")
        .isZero();
    assertThat(gateway.edge().refusals(EdgeSettings.MAX_METADATA_BYTES_KEY)).isEqualTo(1);
  }

  /**
   * grpc-java honours the gateway's SETTINGS_MAX_HEADER_LIST_SIZE (4 x the limit): metadata over it
   * fails in the client and never reaches the gateway, and the connection serves on.
   */
  @Test
  void grpcJavaDoesNotSendMetadataOverTheAdvertisedHardLimit() throws IOException {
    start(
        new EdgeSettings(
            10, 10, MAX_METADATA_BYTES, Duration.ofSeconds(10), 64 << 20, 64 << 20, 1 << 20));
    ManagedChannel channel = channel();
    PublisherServiceGrpc.PublisherServiceBlockingStub stub = stub(channel);
    for (int size : new int[] {18_000, 30_000}) {
      Metadata big = new Metadata();
      big.put(Metadata.Key.of("x-big", Metadata.ASCII_STRING_MARSHALLER), "x".repeat(size));

      StatusRuntimeException refused =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(big))
                      .publish(request("orders", event("e-1", "s"))));

      assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
      assertThat(String.valueOf(refused.getStatus().getCause()))
          .contains("Header size exceeded max allowed size (16384)");
      assertThat(publish(channel)).as("after " + size + " bytes").isZero();
    }
    assertThat(gateway.edge().refusals(EdgeSettings.MAX_METADATA_BYTES_KEY)).isZero();
  }

  @Test
  void aConnectionOverThePerAddressLimitIsClosedAndTheOthersServe() throws IOException {
    start(
        new EdgeSettings(
            10, 2, MAX_METADATA_BYTES, Duration.ofSeconds(10), 64 << 20, 64 << 20, 1 << 20));
    ManagedChannel first = channel();
    ManagedChannel second = channel();
    assertThat(publish(first)).isZero();
    assertThat(publish(second)).isZero();

    StatusRuntimeException refused =
        catchThrowableOfType(StatusRuntimeException.class, () -> publish(channel()));

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(gateway.edge().refusals(EdgeSettings.MAX_CONNECTIONS_PER_ADDRESS_KEY)).isPositive();
    assertThat(gateway.edge().openConnections()).isEqualTo(2);
    assertThat(publish(first)).isZero();
  }

  private int publish(ManagedChannel channel) {
    return stub(channel)
        .publish(request("orders", event("e", "s")))
        .getResult()
        .getStatus()
        .getCode();
  }

  private void start(EdgeSettings edge) throws IOException {
    PublishEventsService publishing =
        new PublishEventsService(
            new StreamCatalog(List.of(TestGateway.ORDERS)),
            log,
            new EventValidator(TestLimits.TYPICAL),
            Clock.systemUTC());
    GrpcServerSettings settings = TestServerSettings.withEdge(TestServerSettings.loopback(), edge);
    gateway = GrpcServer.onNetty(settings, publishing, TestServerSettings.budget()).start();
  }

  private ManagedChannel channel() {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", gateway.port(), InsecureChannelCredentials.create())
            .build();
    channels.add(channel);
    return channel;
  }

  private static PublisherServiceGrpc.PublisherServiceBlockingStub stub(ManagedChannel channel) {
    return PublisherServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }
}
