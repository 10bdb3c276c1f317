package io.eventgateway.grpc;

import static io.eventgateway.grpc.testing.TestGateway.event;
import static io.eventgateway.grpc.testing.TestGateway.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.eventgateway.api.v1.Delivery;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.api.v1.SubscribeRequest;
import io.eventgateway.api.v1.Subscription;
import io.eventgateway.core.testing.InMemoryEventLog;
import io.eventgateway.grpc.testing.FakeSubscribing.FakeSubscription;
import io.eventgateway.grpc.testing.MessageCounter;
import io.eventgateway.grpc.testing.Recorder;
import io.eventgateway.grpc.testing.TestGateway;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Graceful drain of the gateway, over a real (in-process) channel. */
class GrpcServerDrainTest {
  private static final String PUBLISH_STREAM =
      PublisherServiceGrpc.getPublishStreamMethod().getFullMethodName();

  private final InMemoryEventLog log = new InMemoryEventLog();
  private TestGateway gateway;

  @AfterEach
  void close() {
    gateway.close();
  }

  @Test
  void drainSendsTheInFlightResponsesThenEndsTheStreamAndRefusesNewCalls() {
    MessageCounter handled = new MessageCounter(PUBLISH_STREAM);
    gateway = TestGateway.builder().log(log).intercept(handled).start();
    log.holdAcknowledgements();
    Recorder<PublishRequest, PublishResponse> responses = Recorder.reading();
    StreamObserver<PublishRequest> requests = gateway.async().publishStream(responses);
    for (int i = 0; i < 3; i++) {
      requests.onNext(request("orders", event("e-" + i, "order-" + i)));
    }
    await().until(() -> log.heldCount() == 3);

    CompletableFuture<Boolean> drained = drainInBackground(Duration.ofSeconds(10));

    // once a new call is refused, the open stream has been told to stop taking events
    await().until(() -> publishFails(Status.Code.UNAVAILABLE));
    requests.onNext(request("orders", event("e-3", "order-3")));
    await().until(() -> handled.handled() == 4);
    assertThat(responses.ended()).isFalse();
    log.releaseAcknowledgements();

    await().until(responses::ended);
    assertThat(drained.join()).isTrue();
    assertThat(responses.values())
        .extracting(r -> r.getResult().getStatus().getCode())
        .containsExactly(0, 0, 0, Status.Code.UNAVAILABLE.value());
    assertThat(responses.values().get(3).getResult().getStatus().getMessage())
        .startsWith("gateway is shutting down");
    assertThat(responses.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(responses.status().getDescription())
        .isEqualTo("gateway is shutting down; reconnect");
    assertThat(log.events("orders"))
        .extracting(stored -> stored.event().id())
        .containsExactlyInAnyOrder("e-0", "e-1", "e-2");
    assertThat(publishFails(Status.Code.UNAVAILABLE)).isTrue();
  }

  @Test
  void drainEndsAnIdleStreamAtOnce() throws InterruptedException {
    gateway = TestGateway.over(log);
    Recorder<PublishRequest, PublishResponse> responses = Recorder.reading();
    StreamObserver<PublishRequest> requests = gateway.async().publishStream(responses);
    requests.onNext(request("orders", event("e-0", "order-0")));
    await().until(() -> responses.values().size() == 1);

    assertThat(gateway.gateway().drain(Duration.ofSeconds(10))).isTrue();

    // the server is done; the client hears of it on its own executor
    await().until(responses::ended);
    assertThat(responses.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(responses.status().getDescription())
        .isEqualTo("gateway is shutting down; reconnect");
    assertThat(gateway.gateway().publisher().openStreamCalls()).isZero();
  }

  @Test
  void drainCancelsWhatIsStillOpenAfterTheTimeout() throws InterruptedException {
    gateway = TestGateway.over(log);
    log.holdAcknowledgements();
    Recorder<PublishRequest, PublishResponse> responses = Recorder.reading();
    StreamObserver<PublishRequest> requests = gateway.async().publishStream(responses);
    requests.onNext(request("orders", event("e-0", "order-0")));
    await().until(() -> log.heldCount() == 1);

    assertThat(gateway.gateway().drain(Duration.ofMillis(200))).isFalse();

    await().until(responses::ended);
    assertThat(responses.status().getCode()).isNotEqualTo(Status.Code.OK);
    assertThat(responses.values()).isEmpty();
    log.releaseAcknowledgements(); // arrives after the call and the handler threads are gone
    assertThat(gateway.gateway().publisher().openStreamCalls()).isZero();
  }

  @Test
  void drainCancelsEverySubscriptionAndEndsItsCall() throws InterruptedException {
    gateway = TestGateway.over(log);
    List<Recorder<SubscribeRequest, Delivery>> calls = new ArrayList<>();
    List<FakeSubscription> subscriptions = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Recorder<SubscribeRequest, Delivery> deliveries = Recorder.reading();
      gateway
          .subscriber()
          .subscribe(deliveries)
          .onNext(
              SubscribeRequest.newBuilder()
                  .setSubscribe(Subscription.newBuilder().setStream("orders"))
                  .build());
      FakeSubscription subscription = gateway.subscribing().awaitSubscription(i);
      subscription.supply(2, 8);
      calls.add(deliveries);
      subscriptions.add(subscription);
    }
    await().until(() -> calls.stream().allMatch(c -> c.values().size() == 2));

    assertThat(gateway.gateway().drain(Duration.ofSeconds(10))).isTrue();

    await().until(() -> calls.stream().allMatch(Recorder::ended));
    for (int i = 0; i < calls.size(); i++) {
      assertThat(subscriptions.get(i).cancelled()).isTrue();
      assertThat(calls.get(i).status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(calls.get(i).status().getDescription())
          .isEqualTo("gateway is shutting down; subscribe again");
    }
    assertThat(gateway.gateway().subscriber().orElseThrow().openCalls()).isZero();
  }

  private CompletableFuture<Boolean> drainInBackground(Duration timeout) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return gateway.gateway().drain(timeout);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
          }
        });
  }

  /** Whether a new call fails with {@code code}; one that gets through touches no log. */
  private boolean publishFails(Status.Code code) {
    StatusRuntimeException failure =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> gateway.blocking().publish(request("nope", event("", "order-9"))));
    return failure != null && failure.getStatus().getCode() == code;
  }
}
