package io.eventgateway.grpc.publish;

import static io.eventgateway.grpc.testing.TestGateway.event;
import static io.eventgateway.grpc.testing.TestGateway.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.core.application.EventValidator;
import io.eventgateway.core.application.PublishEventsService;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.testing.TestLimits;
import io.eventgateway.grpc.testing.ControllableEventLog;
import io.eventgateway.grpc.testing.Recorder;
import io.eventgateway.grpc.testing.TestGateway;
import io.eventgateway.grpc.testing.TestServerSettings;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service on its own, as another server might host it: on gRPC's direct executor, writing
 * responses on the thread that completes the publishing (here the test's, playing the log's).
 */
class PublisherGrpcServiceTest {
  private final ControllableEventLog log = new ControllableEventLog();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws IOException {
    PublishEventsService publishing =
        new PublishEventsService(
            new StreamCatalog(List.of(TestGateway.ORDERS)),
            log,
            new EventValidator(TestLimits.TYPICAL),
            Clock.systemUTC());
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(
                new PublisherGrpcService(
                    publishing,
                    new PublisherSettings(4, 32L << 20, 8 << 20),
                    TestServerSettings.budget()))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void responsesWrittenOnTheCompletingThreadStayInOrderAndFlowControlled() {
    Recorder<PublishRequest, PublishResponse> responses = Recorder.reading();
    StreamObserver<PublishRequest> requests =
        PublisherServiceGrpc.newStub(channel).publishStream(responses);
    for (int i = 0; i < 8; i++) {
      requests.onNext(request("orders", event("e-" + i, "order-" + i)));
    }
    requests.onCompleted();
    await().until(log::appendCount, count -> count == 4);

    for (int i = 3; i >= 0; i--) {
      log.acknowledge(i);
    }
    await().until(log::appendCount, count -> count == 8);
    for (int i = 7; i >= 4; i--) {
      log.acknowledge(i);
    }

    await().until(responses::ended);
    assertThat(responses.status().getCode()).isEqualTo(Status.Code.OK);
    assertThat(responses.values())
        .extracting(r -> r.getResult().getEventId())
        .containsExactly("e-0", "e-1", "e-2", "e-3", "e-4", "e-5", "e-6", "e-7");
  }
}
