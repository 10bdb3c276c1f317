package io.eventgateway.app;

import static io.eventgateway.app.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublishResult;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful shutdown under load and a restart on the same data: what was acknowledged before the
 * shutdown is in Kafka after the restart, and a stream open during the shutdown ends with
 * UNAVAILABLE after the results of its events in flight. On the gateway's embedded broker, not the
 * shared test broker: that the broker's restart keeps the data is the point.
 */
class ShutdownAndRestartIT {
  @TempDir Path directory;

  @Test
  void shutdownDrainsInFlightEventsAndARestartKeepsEveryAcknowledgedOne() throws Exception {
    Path data = directory.resolve("data");
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicReference<Throwable> streamEnd = new AtomicReference<>();
    AtomicInteger sent = new AtomicInteger();
    CountDownLatch ended = new CountDownLatch(1);
    CountDownLatch someAcknowledged = new CountDownLatch(200);
    int kafkaPort;
    int controllerPort;

    try (RunningGateway first = RunningGateway.serve(data)) {
      kafkaPort = first.kafkaPort;
      controllerPort = first.kafkaControllerPort;
      // a client that sends as fast as flow control lets it, until the stream ends
      first
          .async()
          .publishStream(
              new ClientResponseObserver<PublishRequest, PublishResponse>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<PublishRequest> requests) {
                  requests.setOnReadyHandler(
                      () -> {
                        while (requests.isReady() && ended.getCount() > 0) {
                          int n = sent.getAndIncrement();
                          requests.onNext(
                              PublishRequest.newBuilder()
                                  .setStream("events")
                                  .setEvent(
                                      Event.newBuilder()
                                          .setId("drain-" + n)
                                          .setSource("/tests/shutdown")
                                          .setType("t")
                                          .setSubject("s-" + (n % 10))
                                          .setData(ByteString.copyFrom(new byte[512])))
                                  .build());
                        }
                      });
                }

                @Override
                public void onNext(PublishResponse response) {
                  PublishResult result = response.getResult();
                  if (result.getStatus().getCode() == Status.Code.OK.value()) {
                    acknowledged.add(result.getEventId());
                    someAcknowledged.countDown();
                  }
                }

                @Override
                public void onError(Throwable t) {
                  streamEnd.set(t);
                  ended.countDown();
                }

                @Override
                public void onCompleted() {
                  ended.countDown();
                }
              });
      assertThat(someAcknowledged.await(30, TimeUnit.SECONDS)).isTrue();

      // what SIGTERM does (esg serve's shutdown hook calls close)
      first.gateway.close();

      assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(streamEnd.get())
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(e.getStatus().getDescription()).contains("shutting down");
              });
      assertThatThrownBy(
              () ->
                  first
                      .blocking()
                      .withDeadlineAfter(5, TimeUnit.SECONDS)
                      .publish(PublishRequest.newBuilder().setStream("events").build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    // the embedded broker stopped cleanly: a restart on the same data finds every acknowledged
    // event
    try (RunningGateway second = RunningGateway.serve(data, kafkaPort, controllerPort)) {
      List<ConsumerRecord<byte[], byte[]>> records =
          await()
              .atMost(Duration.ofSeconds(30))
              .ignoreExceptions()
              .until(() -> TopicReader.readAll(second.bootstrapServers(), "events"), r -> true);
      Set<String> written =
          records.stream().map(r -> header(r, "ce_id")).collect(Collectors.toSet());
      assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(200);
      assertThat(written).containsAll(acknowledged);
      assertThat(records.size()).isLessThanOrEqualTo(sent.get());
    }
  }
}
