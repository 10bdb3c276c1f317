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
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
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
        byte[] notHttp2 = "GET / HTTP/1.1\r\n\r\n\u0000\u0001\u0002garbage".getBytes(UTF8);
        byte[] forbiddenHeader = http2Publish("connection", "close");
        for (int i = 0; i < 100; i++) {
          sendRaw(grpcPort, notHttp2);
          sendRaw(grpcPort, forbiddenHeader);
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

  // ---- raw HTTP/2, for what no gRPC client sends

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
  private static final int RST_STREAM = 0x3;
  private static final int GOAWAY = 0x7;

  /**
   * The client preface, an empty SETTINGS frame and a HEADERS frame (ending the stream) of a
   * Publish call with one more header, {@code name: value}, HPACK-encoded as literals.
   */
  private static byte[] http2Publish(String name, String value) {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    block.write(0x83); // :method POST
    block.write(0x86); // :scheme http
    literal(block, 4, null, "/eventgateway.v1.PublisherService/Publish"); // :path
    literal(block, 1, null, "127.0.0.1"); // :authority
    literal(block, 31, null, "application/grpc"); // content-type
    literal(block, 0, "te", "trailers");
    literal(block, 0, name, value);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    bytes.writeBytes(frame(4, 0, 0, new byte[0]));
    bytes.writeBytes(frame(1, 0x5, 1, block.toByteArray())); // END_STREAM | END_HEADERS
    return bytes.toByteArray();
  }

  /** A literal header field without indexing; the name by static table index unless 0. */
  private static void literal(ByteArrayOutputStream block, int index, String name, String value) {
    if (index == 0) {
      block.write(0);
      string(block, name);
    } else if (index < 15) {
      block.write(index);
    } else {
      block.write(0x0f);
      block.write(index - 15);
    }
    string(block, value);
  }

  private static void string(ByteArrayOutputStream block, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    block.write(bytes.length); // all shorter than 127 bytes, no Huffman coding
    block.writeBytes(bytes);
  }

  private static byte[] frame(int type, int flags, int stream, byte[] payload) {
    byte[] frame = new byte[9 + payload.length];
    frame[0] = (byte) (payload.length >> 16);
    frame[1] = (byte) (payload.length >> 8);
    frame[2] = (byte) payload.length;
    frame[3] = (byte) type;
    frame[4] = (byte) flags;
    frame[5] = (byte) (stream >> 24);
    frame[6] = (byte) (stream >> 16);
    frame[7] = (byte) (stream >> 8);
    frame[8] = (byte) stream;
    System.arraycopy(payload, 0, frame, 9, payload.length);
    return frame;
  }

  /**
   * Connects, sends {@code bytes}, and reads the gateway's HTTP/2 frames until it resets a stream
   * (RST_STREAM), goes away (GOAWAY) or closes the connection, or 200 ms pass without it doing so
   * (after resetting a stream it keeps the connection open).
   */
  private static void sendRaw(int port, byte[] bytes) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(200);
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      try {
        while (true) {
          byte[] header = in.readNBytes(9);
          if (header.length < 9) {
            return; // closed
          }
          int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | (header[2] & 0xff);
          int type = header[3] & 0xff;
          in.skipNBytes(length);
          if (type == RST_STREAM || type == GOAWAY) {
            return;
          }
        }
      } catch (SocketTimeoutException | EOFException quiet) {
        // nothing more in time, or closed in the middle of what was not a frame: enough
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
