package io.eventgateway.grpc.publish;

import static io.eventgateway.grpc.testing.TestGateway.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.core.port.MemoryBudget;
import io.eventgateway.grpc.testing.ControllableEventLog;
import io.eventgateway.grpc.testing.Recorder;
import io.eventgateway.grpc.testing.TestGateway;
import io.eventgateway.grpc.testing.TestServerSettings;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code PublishStream} bounds what it holds in bytes: a call's own budget and the gateway's, over
 * a real (in-process) channel. Every event asked for counts as the largest message (8 MiB here).
 */
@Timeout(60)
class PublishStreamMemoryTest {
  private static final long MIB = 1L << 20;
  private static final long MAX_MESSAGE = TestServerSettings.loopback().maxInboundMessageBytes();

  private TestGateway gateway;

  @AfterEach
  void close() {
    if (gateway != null) {
      gateway.close();
    }
  }

  /** A request of a little more than 512 KiB. */
  private static PublishRequest large(int i) {
    return request(
        "orders",
        Event.newBuilder()
            .setId("e-" + i)
            .setSource("/tests")
            .setType("com.example.blob")
            .setSubject("s-" + i)
            .setData(ByteString.copyFrom(new byte[512 * 1024]))
            .build());
  }

  private static final long SIZE = large(0).getSerializedSize();

  /** How many events fit with {@code room} bytes, when a request counts as the largest message. */
  private static int eventsTaken(long room) {
    // an event is asked for while what is held plus the largest message fits
    return (int) ((room - MAX_MESSAGE) / SIZE) + 1;
  }

  private static void send(StreamObserver<PublishRequest> requests, int from, int count) {
    IntStream.range(from, from + count).forEach(i -> requests.onNext(large(i)));
  }

  @Test
  void aCallTakesNoMoreBytesThanItsBudgetWhileItsEventsAreNotWritten() {
    long perCall = 16 * MIB;
    ControllableEventLog log = new ControllableEventLog();
    MemoryBudget budget = new MemoryBudget("memory.max-bytes", 1L << 30);
    gateway = TestGateway.builder().log(log).inFlightBytesPerCall(perCall).budget(budget).start();
    Recorder<PublishRequest, PublishResponse> responses = Recorder.reading();
    StreamObserver<PublishRequest> requests = gateway.async().publishStream(responses);

    int expected = eventsTaken(perCall);
    send(requests, 0, 3 * expected);

    await().until(log::appendCount, count -> count == expected);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(3))
        .until(() -> log.appendCount() == expected);
    assertThat(budget.used()).isLessThanOrEqualTo(perCall);

    for (int i = 0; i < 3 * expected; i++) {
      int next = i;
      await().until(() -> log.appendCount() > next);
      log.acknowledge(i);
    }
    requests.onCompleted();
    await().until(responses::ended);
    assertThat(responses.status().getCode()).isEqualTo(Status.Code.OK);
    assertThat(responses.values()).hasSize(3 * expected);
    await().until(() -> budget.used() == 0);
  }

  @Test
  void whenTheGatewaysBudgetIsFullACallThatHoldsNothingStillTakesOneEvent() {
    long gatewayBytes = 12 * MIB;
    ControllableEventLog log = new ControllableEventLog();
    MemoryBudget budget = new MemoryBudget("memory.max-bytes", gatewayBytes);
    gateway = TestGateway.builder().log(log).inFlightBytesPerCall(16 * MIB).budget(budget).start();
    Recorder<PublishRequest, PublishResponse> first = Recorder.reading();
    StreamObserver<PublishRequest> firstRequests = gateway.async().publishStream(first);

    int takenByFirst = eventsTaken(gatewayBytes);
    send(firstRequests, 0, 2 * takenByFirst);
    await().until(log::appendCount, count -> count == takenByFirst);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(3))
        .until(() -> log.appendCount() == takenByFirst);

    Recorder<PublishRequest, PublishResponse> second = Recorder.reading();
    StreamObserver<PublishRequest> secondRequests = gateway.async().publishStream(second);
    send(secondRequests, 1000, 3);
    await().until(log::appendCount, count -> count == takenByFirst + 1);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(3))
        .until(() -> log.appendCount() == takenByFirst + 1);
    assertThat(log.append(takenByFirst).event().id()).isEqualTo("e-1000");
    assertThat(budget.used()).isLessThanOrEqualTo(gatewayBytes + MAX_MESSAGE);

    // once the first call's events are written, both go on
    int total = 2 * takenByFirst + 3;
    for (int i = 0; i < total; i++) {
      int next = i;
      await().until(() -> log.appendCount() > next);
      log.acknowledge(i);
    }
    firstRequests.onCompleted();
    secondRequests.onCompleted();
    await().until(() -> first.ended() && second.ended());
    assertThat(first.values()).hasSize(2 * takenByFirst);
    assertThat(second.values()).hasSize(3);
    await().until(() -> budget.used() == 0);
  }

  @Test
  void aCancelledCallGivesBackWhatItHeld() {
    ControllableEventLog log = new ControllableEventLog();
    MemoryBudget budget = new MemoryBudget("memory.max-bytes", 1L << 30);
    gateway = TestGateway.builder().log(log).inFlightBytesPerCall(16 * MIB).budget(budget).start();
    Recorder<PublishRequest, PublishResponse> responses = Recorder.reading();
    StreamObserver<PublishRequest> requests = gateway.async().publishStream(responses);
    send(requests, 0, 4);
    await().until(log::appendCount, count -> count == 4);
    assertThat(budget.used()).isGreaterThanOrEqualTo(4 * SIZE);

    requests.onError(Status.CANCELLED.asException());

    await().until(() -> budget.used() == 0);
  }
}
