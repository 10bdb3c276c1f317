package io.eventgateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResult;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.kafka.embedded.EmbeddedKafkaBroker;
import io.eventgateway.kafka.embedded.EmbeddedKafkaSettings;
import io.eventgateway.testkit.process.FreePorts;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.StatusProto;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka goes away and comes back: every broker of the gateway's cluster (here the one broker the
 * test runs) stops while clients publish. Publishes end within a bounded time, then fail at once as
 * "not written" (UNAVAILABLE with an ErrorInfo that says so) while the gateway reports not ready;
 * when the broker is back the gateway serves again by itself; and no event the gateway called "not
 * written" is in Kafka.
 */
class KafkaUnavailableIT {
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(8);
  private static final Duration UNREACHABLE_AFTER = Duration.ofSeconds(2);

  @TempDir Path directory;

  private record Outcome(String id, Status.Code code, String written, long millis) {}

  @Test
  void publishesFailAsNotWrittenWhileKafkaIsDownAndTheGatewayRecoversByItself() throws Exception {
    int[] ports = FreePorts.onLoopback(2);
    EmbeddedKafkaSettings kafka =
        new EmbeddedKafkaSettings(directory.resolve("kafka"), ports[0], ports[1], Map.of());
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(kafka);
    try (RunningGateway running =
        RunningGateway.serve(directory.resolve("data"), "--config", config(broker).toString())) {
      publish(running, "before", Duration.ofSeconds(30));
      assertThat(health(running)).isEqualTo(ServingStatus.SERVING);

      broker.close();
      broker = null;
      long down = System.nanoTime();

      // a client's deadline holds even before the gateway knows Kafka is gone
      Outcome early = publish(running, "early", Duration.ofSeconds(1));
      assertThat(early.code()).isIn(Status.Code.DEADLINE_EXCEEDED, Status.Code.UNAVAILABLE);
      assertThat(early.millis()).isLessThan(3_000);

      // publishing on: each call ends within the delivery timeout, then they fail at once
      List<Outcome> outcomes = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      Outcome last;
      do {
        last = publish(running, "down-" + outcomes.size(), Duration.ofSeconds(30));
        outcomes.add(last);
      } while (!(last.code() == Status.Code.UNAVAILABLE && "no".equals(last.written()))
          && System.nanoTime() < deadline);
      assertThat(last.written()).as("the gateway refuses events as not written").isEqualTo("no");
      assertThat(outcomes)
          .as("no publish waits past the producer's delivery timeout")
          .allMatch(o -> o.millis() < DELIVERY_TIMEOUT.toMillis() + 3_000)
          .allMatch(o -> o.code() == Status.Code.UNAVAILABLE);
      assertThat(health(running)).isEqualTo(ServingStatus.NOT_SERVING);
      int http = running.gateway.httpPort().orElseThrow();
      HttpResponse<String> notReady = MetricsScrape.get(http, "/health/ready");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body())
          .contains("\"status\":\"NOT_READY\"")
          .contains("\"kafkaReachable\":false")
          .contains("Kafka is unreachable: ");
      assertThat(MetricsScrape.get(http, "/health/live").statusCode()).isEqualTo(200);
      MetricsScrape whileDown = MetricsScrape.of(http);
      assertThat(whileDown.value("esg_kafka_reachable")).isZero();
      assertThat(whileDown.value("esg_ready")).isZero();
      // every refusal the client got is counted; the 1 s-deadline call's event too once the
      // gateway had its outcome, which the client never saw
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          MetricsScrape.of(http)
                              .value(
                                  "esg_publish_events_total",
                                  "stream",
                                  "orders",
                                  "status",
                                  "UNAVAILABLE"))
                      .isBetween((double) outcomes.size(), outcomes.size() + 1.0));
      System.out.printf(
          "Kafka down: a 1 s-deadline call %s; then %s; refusing at once %d ms after the broker"
              + " stopped%n",
          early, outcomes, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down));

      // while it is down: many events, all refused at once, nothing piles up
      int threadsBefore = Thread.activeCount();
      List<PublishRequest> burst = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        burst.add(request("burst-" + i));
      }
      long burstStarted = System.nanoTime();
      List<PublishResult> refused = running.publishOnOneStream(burst);
      long burstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - burstStarted);
      assertThat(refused)
          .hasSize(2_000)
          .allMatch(r -> r.getStatus().getCode() == Status.Code.UNAVAILABLE.value())
          .allMatch(r -> "no".equals(written(r.getStatus())));
      assertThat(burstMillis).as("2,000 refusals take no producer time-outs").isLessThan(15_000);
      assertThat(Thread.activeCount()).isLessThan(threadsBefore + 10);
      Set<String> notWritten = new HashSet<>();
      outcomes.stream().filter(o -> "no".equals(o.written())).forEach(o -> notWritten.add(o.id()));
      refused.forEach(r -> notWritten.add(r.getEventId()));

      // Kafka comes back on the same ports and data: the gateway serves again by itself
      broker = EmbeddedKafkaBroker.start(kafka);
      long back = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> publish(running, "probe", Duration.ofSeconds(10)).code() == Status.Code.OK);
      await().atMost(Duration.ofSeconds(10)).until(() -> health(running) == ServingStatus.SERVING);
      assertThat(MetricsScrape.get(http, "/health/ready").statusCode()).isEqualTo(200);
      System.out.printf(
          "Kafka back: 2,000 refusals took %d ms; publishing and SERVING again %d ms after the"
              + " broker was ready%n",
          burstMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back));
      Outcome after = publish(running, "after", Duration.ofSeconds(30));
      assertThat(after.code()).isEqualTo(Status.Code.OK);

      Set<String> inKafka =
          TopicReader.readAll(running.bootstrapServers(), "orders").stream()
              .map(r -> TopicReader.header(r, "ce_id"))
              .collect(Collectors.toSet());
      assertThat(inKafka).contains("before", "after");
      assertThat(notWritten).isNotEmpty();
      assertThat(inKafka)
          .as("events the gateway called not written")
          .doesNotContainAnyElementsOf(notWritten);
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  private Path config(EmbeddedKafkaBroker broker) throws IOException {
    Path config = directory.resolve("esg.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "kafka:",
            "  bootstrap-servers: " + broker.bootstrapServers(),
            "  replication: {factor: 1, min-insync-replicas: 1}",
            "  producer:",
            "    delivery-timeout: " + DELIVERY_TIMEOUT.toSeconds() + "s",
            "    request-timeout: 3s",
            "    max-block: 2s",
            "  health-check:",
            "    interval: 500ms",
            "    unreachable-after: " + UNREACHABLE_AFTER.toSeconds() + "s",
            "streams:",
            "  - {name: orders, class: events, partitions: 2}",
            ""));
    return config;
  }

  private static PublishRequest request(String id) {
    return PublishRequest.newBuilder()
        .setStream("orders")
        .setEvent(
            Event.newBuilder()
                .setId(id)
                .setSource("/tests/unavailable")
                .setType("com.example.tried")
                .setSubject("s-" + (id.hashCode() & 7))
                .setData(ByteString.copyFromUtf8("{}")))
        .build();
  }

  /** One unary Publish with {@code deadline}: its code, what it says was written, its time. */
  private static Outcome publish(RunningGateway running, String id, Duration deadline) {
    long started = System.nanoTime();
    Status.Code code;
    String written;
    try {
      PublisherServiceGrpc.newBlockingStub(running.channel)
          .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .publish(request(id));
      code = Status.Code.OK;
      written = "yes";
    } catch (StatusRuntimeException failed) {
      code = failed.getStatus().getCode();
      com.google.rpc.Status details = StatusProto.fromThrowable(failed);
      written = details == null ? "" : written(details);
    }
    return new Outcome(
        id, code, written, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  /** The "written" metadata of the status's ErrorInfo, or "" when it has none. */
  private static String written(com.google.rpc.Status status) {
    Optional<ErrorInfo> info =
        status.getDetailsList().stream()
            .filter(any -> any.is(ErrorInfo.class))
            .findFirst()
            .map(
                any -> {
                  try {
                    return any.unpack(ErrorInfo.class);
                  } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                  }
                });
    return info.map(i -> i.getMetadataOrDefault("written", "")).orElse("");
  }

  private static ServingStatus health(RunningGateway running) {
    return HealthGrpc.newBlockingStub(running.channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(
            HealthCheckRequest.newBuilder().setService(PublisherServiceGrpc.SERVICE_NAME).build())
        .getStatus();
  }
}
