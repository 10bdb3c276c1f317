package io.eventgateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.testkit.http2.RawHttp2;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import io.eventgateway.testkit.process.FreePorts;
import io.eventgateway.testkit.process.JvmProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's log as {@code esg serve} writes it, through the packaged log4j2.xml: a client that
 * sends bad messages cannot flood it, and the JSON lines carry their fields and the request id.
 */
class LogsIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static final int MAX_INBOUND_MESSAGE_BYTES = 64 * 1024;

  /** What the whole flood below may add to the log: the burst gRPC's lines are limited to. */
  static final int MAX_FLOOD_LINES = 10;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EVENTS = KafkaBrokerExtension.uniqueTopicName("events");

  @TempDir Path directory;

  /**
   * 200 over-large messages, 100 connections that do not speak HTTP/2 and 100 HTTP/2 streams with a
   * header HTTP/2 forbids: gRPC-Java warns about each with a stack trace (3,600 + 2,500 + 4,300
   * lines when measured before its logging was routed and limited); now at most {@value
   * #MAX_FLOOD_LINES} lines, and the gateway still serves.
   */
  @Test
  void clientsSendingBadMessagesCannotFloodTheLog() throws Exception {
    int[] ports = FreePorts.onLoopback(2);
    int grpcPort = ports[0];
    try (JvmProcess gateway =
        EsgJar.serve(directory, "gateway", ports[1], Map.of(), serveArguments(grpcPort))) {
      // the start-up report ends with the stream's line
      gateway.awaitLogLine("stream " + EVENTS + ":", Duration.ofSeconds(30));
      int before = gateway.linesSinceStart().size();
      ManagedChannel channel = channel(grpcPort);
      try {
        PublisherServiceGrpc.PublisherServiceBlockingStub stub = blocking(channel);
        PublishRequest oversized =
            request(event().setData(ByteString.copyFrom(new byte[MAX_INBOUND_MESSAGE_BYTES + 1])));
        for (int i = 0; i < 200; i++) {
          StatusRuntimeException refused =
              catchThrowableOfType(StatusRuntimeException.class, () -> stub.publish(oversized));
          assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        }
        byte[] notHttp2 =
            "GET / HTTP/1.1\r\n\r\n\u0000\u0001\u0002garbage".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream forbidden = new ByteArrayOutputStream();
        forbidden.writeBytes(RawHttp2.preface());
        forbidden.writeBytes(
            RawHttp2.headers(
                1, "/eventgateway.v1.PublisherService/Publish", true, "connection", "close"));
        byte[] forbiddenHeader = forbidden.toByteArray();
        for (int i = 0; i < 100; i++) {
          RawHttp2.sendAndAwaitAnswer(grpcPort, notHttp2);
          RawHttp2.sendAndAwaitAnswer(grpcPort, forbiddenHeader);
        }
        assertThat(stub.publish(request(event())).getResult().getStatus().getCode()).isZero();
      } finally {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
      assertThat(gateway.terminate(Duration.ofSeconds(60)))
          .as("exit code after SIGTERM")
          .isEqualTo(143);

      List<String> lines = gateway.linesSinceStart();
      int shutdown = indexOf(lines, "shutting down", before);
      List<String> flood = lines.subList(before, shutdown);
      System.out.printf("LogsIT: the flood added %d log lines: %s%n", flood.size(), flood);
      assertThat(flood)
          .as("lines logged during the flood")
          .hasSizeLessThanOrEqualTo(MAX_FLOOD_LINES);
    }
  }

  /**
   * With ESG_LOG_FORMAT=json every line is one JSON object with timestamp, level, logger, thread
   * and message; a refused request's line (DEBUG, with ESG_LOG_LEVEL=debug) has the client's
   * request id, which also comes back in the answer's headers and ErrorInfo; no line holds event
   * data or attribute values.
   */
  @Test
  void jsonLinesCarryTheirFieldsAndTheRequestIdAndNoEventData() throws Exception {
    int[] ports = FreePorts.onLoopback(2);
    int grpcPort = ports[0];
    String requestId = "logs-it.7";
    try (JvmProcess gateway =
        EsgJar.serve(
            directory,
            "gateway",
            ports[1],
            Map.of("ESG_LOG_FORMAT", "json", "ESG_LOG_LEVEL", "debug"),
            serveArguments(grpcPort))) {
      ManagedChannel channel = channel(grpcPort);
      AtomicReference<Metadata> headers = new AtomicReference<>();
      AtomicReference<Metadata> trailers = new AtomicReference<>();
      try {
        Metadata id = new Metadata();
        id.put(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER), requestId);
        PublisherServiceGrpc.PublisherServiceBlockingStub stub =
            blocking(channel)
                .withInterceptors(
                    MetadataUtils.newAttachHeadersInterceptor(id),
                    MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
        Event.Builder secretive =
            event()
                .setSource("")
                .setData(ByteString.copyFromUtf8("payload-SECRET-1"))
                .putAttributes("region", "attribute-SECRET-2");

        StatusRuntimeException refused =
            catchThrowableOfType(
                StatusRuntimeException.class, () -> stub.publish(request(secretive)));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        ErrorInfo info =
            StatusProto.fromThrowable(refused).getDetailsList().stream()
                .filter(any -> any.is(ErrorInfo.class))
                .findFirst()
                .orElseThrow()
                .unpack(ErrorInfo.class);
        assertThat(info.getMetadataMap()).containsEntry("request_id", requestId);
        assertThat(
                trailers
                    .get()
                    .get(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER)))
            .as("the id of a trailers-only answer")
            .isEqualTo(requestId);
      } finally {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
      assertThat(gateway.terminate(Duration.ofSeconds(60)))
          .as("exit code after SIGTERM")
          .isEqualTo(143);

      List<JsonNode> lines = new ArrayList<>();
      for (String line : gateway.linesSinceStart()) {
        JsonNode parsed = parse(line);
        assertThat(parsed.isObject()).as(line).isTrue();
        for (String field : List.of("timestamp", "level", "logger", "thread", "message")) {
          assertThat(parsed.path(field).isTextual()).as(field + " of " + line).isTrue();
        }
        assertThat(line).doesNotContain("SECRET");
        lines.add(parsed);
      }
      assertThat(lines)
          .as("the ready line")
          .anyMatch(l -> l.get("message").asText().startsWith("gateway ready"));
      JsonNode refusal =
          lines.stream()
              .filter(l -> l.get("message").asText().startsWith("request refused"))
              .findFirst()
              .orElseThrow();
      assertThat(refusal.path("request_id").asText()).isEqualTo(requestId);
      assertThat(refusal.get("level").asText()).isEqualTo("DEBUG");
      assertThat(refusal.get("message").asText())
          .contains("method=Publish")
          .contains("reason=INVALID_ARGUMENT")
          .contains("field=\"event.source\"");
    }
  }

  private String[] serveArguments(int grpcPort) throws IOException {
    Path config = directory.resolve("esg.yaml");
    Files.writeString(
        config,
        """
        grpc:
          max-inbound-message-bytes: %d
        limits:
          max-data-bytes: 4096
        kafka:
          replication:
            factor: 1
        streams:
          - {name: %s, class: events}
        """
            .formatted(MAX_INBOUND_MESSAGE_BYTES, EVENTS));
    return new String[] {
      "serve",
      "--config",
      config.toString(),
      "--grpc-port",
      String.valueOf(grpcPort),
      "--bootstrap-servers",
      KAFKA.bootstrapServers()
    };
  }

  private static ManagedChannel channel(int port) {
    return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  private static PublisherServiceGrpc.PublisherServiceBlockingStub blocking(
      ManagedChannel channel) {
    return PublisherServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static Event.Builder event() {
    return Event.newBuilder().setSource("/tests/logs").setType("t").setSubject("s");
  }

  private static PublishRequest request(Event.Builder event) {
    return PublishRequest.newBuilder().setStream(EVENTS).setEvent(event).build();
  }

  private static int indexOf(List<String> lines, String text, int from) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    throw new AssertionError("no line with '" + text + "' after line " + from + ": " + lines);
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException notJson) {
      throw new AssertionError("not a JSON line: " + line, notJson);
    }
  }
}
