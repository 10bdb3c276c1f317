package io.eventgateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishBatchRequest;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublishResult;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deduplication by event id, end to end: an event sent again within the window is not written again
 * and gets the first one's position, marked duplicate; an id reused for other content gets
 * FAILED_PRECONDITION; and a restarted gateway still knows the ids, read back from the stream.
 */
class DeduplicationIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @TempDir Path directory;

  /** Each test's own stream, on the shared broker. */
  private final String payments = KafkaBrokerExtension.uniqueTopicName("payments");

  private static Event.Builder event(String id, String data) {
    return Event.newBuilder()
        .setId(id)
        .setSource("/tests/dedup")
        .setType("com.example.paid")
        .setSubject("order-" + id)
        .setData(ByteString.copyFromUtf8(data));
  }

  private PublishRequest request(String id, String data) {
    return PublishRequest.newBuilder().setStream(payments).setEvent(event(id, data)).build();
  }

  @Test
  void aResentEventIsWrittenOnceAcrossCallsApisAndARestart() throws Exception {
    Path config = directory.resolve("esg.yaml");
    Files.writeString(
        config,
        """
        dedup:
          window: 10m
          max-ids-per-stream: 1000
        streams:
          - {name: %s, class: events, partitions: 3, durability: critical}
        """
            .formatted(payments));
    PublishResponse first;
    try (RunningGateway running =
        RunningGateway.onSharedBroker(KAFKA, "--config", config.toString())) {
      first = running.blocking().publish(request("pay-1", "{\"amount\":10}"));
      PublishResponse again = running.blocking().publish(request("pay-1", "{\"amount\":10}"));

      assertThat(first.getResult().getDuplicate()).isFalse();
      assertThat(again.getResult().getDuplicate()).isTrue();
      assertThat(again.getResult().getPartition()).isEqualTo(first.getResult().getPartition());
      assertThat(again.getResult().getOffset()).isEqualTo(first.getResult().getOffset());

      assertThatThrownBy(() -> running.blocking().publish(request("pay-1", "{\"amount\":99}")))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                assertThat(e.getStatus().getDescription())
                    .startsWith("event.id 'pay-1' was already used on stream '" + payments + "'");
              });

      // back to back on one stream, while the first is in flight, and twice in one batch
      List<PublishResult> streamed =
          running.publishOnOneStream(
              List.of(request("pay-2", "{}"), request("pay-2", "{}"), request("pay-2", "{}")));
      assertThat(streamed)
          .allMatch(r -> r.getStatus().getCode() == 0)
          .extracting(PublishResult::getOffset)
          .containsOnly(streamed.get(0).getOffset());
      assertThat(streamed).filteredOn(PublishResult::getDuplicate).hasSize(2);
      List<PublishResult> batch =
          running
              .blocking()
              .publishBatch(
                  PublishBatchRequest.newBuilder()
                      .setStream(payments)
                      .addEvents(event("pay-3", "{}"))
                      .addEvents(event("pay-3", "{}"))
                      .addEvents(event("pay-4", "{}"))
                      .build())
              .getResultsList();
      assertThat(batch).allMatch(r -> r.getStatus().getCode() == 0);
      assertThat(batch.get(1).getDuplicate()).isTrue();
      assertThat(batch.get(1).getOffset()).isEqualTo(batch.get(0).getOffset());
      assertThat(idsIn(running)).containsExactlyInAnyOrder("pay-1", "pay-2", "pay-3", "pay-4");
    }

    // a new gateway process on the same Kafka reads the ids back from the stream
    try (RunningGateway restarted =
        RunningGateway.onSharedBroker(KAFKA, "--config", config.toString())) {
      PublishResponse afterRestart =
          restarted.blocking().publish(request("pay-1", "{\"amount\":10}"));
      assertThat(afterRestart.getResult().getDuplicate()).isTrue();
      assertThat(afterRestart.getResult().getPartition())
          .isEqualTo(first.getResult().getPartition());
      assertThat(afterRestart.getResult().getOffset()).isEqualTo(first.getResult().getOffset());
      assertThatThrownBy(() -> restarted.blocking().publish(request("pay-1", "{\"amount\":99}")))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
      assertThat(idsIn(restarted)).containsExactlyInAnyOrder("pay-1", "pay-2", "pay-3", "pay-4");
    }
  }

  @Test
  void withTheWindowAtZeroEveryEventIsWritten() throws Exception {
    Path config = directory.resolve("esg.yaml");
    Files.writeString(
        config,
        """
        dedup:
          window: 0s
        streams:
          - {name: %s, class: events, partitions: 1}
        """
            .formatted(payments));
    try (RunningGateway running =
        RunningGateway.onSharedBroker(KAFKA, "--config", config.toString())) {
      running.blocking().publish(request("same", "{}"));
      PublishResponse second = running.blocking().publish(request("same", "{}"));

      assertThat(second.getResult().getDuplicate()).isFalse();
      assertThat(idsIn(running)).containsExactly("same", "same");
    }
  }

  private List<String> idsIn(RunningGateway running) {
    return TopicReader.readAll(running.bootstrapServers(), payments).stream()
        .map(r -> TopicReader.header(r, "ce_id"))
        .collect(Collectors.toList());
  }
}
