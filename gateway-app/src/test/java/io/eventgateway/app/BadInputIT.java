package io.eventgateway.app;

import static io.eventgateway.app.BadInputCatalogue.DOTTED_STREAM;
import static io.eventgateway.app.BadInputCatalogue.MAX_BATCH_EVENTS;
import static io.eventgateway.app.BadInputCatalogue.MAX_DATA_BYTES;
import static io.eventgateway.app.BadInputCatalogue.MAX_IN_FLIGHT_PER_CALL;
import static io.eventgateway.app.BadInputCatalogue.OUTSIDE_TOPIC;
import static io.eventgateway.app.BadInputCatalogue.REJECTS;
import static io.eventgateway.app.BadInputCatalogue.event;
import static io.eventgateway.app.BadInputCatalogue.randomBytes;
import static io.eventgateway.app.BadInputCatalogue.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.eventgateway.api.v1.AdminServiceGrpc;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishBatchRequest;
import io.eventgateway.api.v1.PublishBatchResponse;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublishResult;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.api.v1.StartFrom;
import io.eventgateway.api.v1.SubscribeRequest;
import io.eventgateway.api.v1.Subscription;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, end to end: the gateway as {@code esg serve} runs it (the shared test broker, small
 * configured limits), every RPC driven over a real gRPC channel, Kafka read back with a plain
 * consumer. Each bad input of {@link BadInputCatalogue} gets its status (docs/reliability.md, "Bad
 * input", generated from the catalogue) and a message that names the field at fault; valid events
 * beside it are written; nothing a client sends grows the gateway's memory without bound.
 */
class BadInputIT {
  // the streams' names are fixed (the generated catalogue in docs/reliability.md quotes them); the
  // other ITs on the shared broker name theirs with a unique suffix
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @TempDir static Path directory;
  static RunningGateway running;

  @BeforeAll
  static void serve() throws Exception {
    Path config = directory.resolve("esg.yaml");
    Files.writeString(
        config,
        BadInputCatalogue.limitsYaml()
            + String.join(
                "\n",
                "streams:",
                "  - {name: " + REJECTS + ", class: events, partitions: 2}",
                "  - {name: mixed, class: events, partitions: 2}",
                "  - {name: mixed-stream, class: events, partitions: 2}",
                "  - {name: garbled, class: events, partitions: 2}",
                "  - {name: orders, class: events, partitions: 2}",
                "  - {name: flood, class: events, partitions: 2}",
                "  - {name: " + DOTTED_STREAM + ", class: events, partitions: 1}",
                ""));
    // a topic no stream declares, as an operator's tool would make it
    try (Admin admin = KAFKA.newAdmin()) {
      admin
          .createTopics(List.of(new NewTopic(OUTSIDE_TOPIC, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    running = RunningGateway.onSharedBroker(KAFKA, "--config", config.toString());
    // a group that belongs to the stream "orders": it has committed an offset there
    publish("orders", event("o-1"));
    TestSubscriber owner =
        TestSubscriber.subscribe(
            running.channel,
            Subscription.newBuilder()
                .setStream("orders")
                .setGroup("orders-billing")
                .setStartFrom(StartFrom.START_FROM_EARLIEST)
                .build(),
            d -> true);
    owner.awaitReceived(1);
    assertThat(owner.leave().getCode()).isEqualTo(Status.Code.OK);
  }

  @AfterAll
  static void stop() {
    if (running != null) {
      running.close();
    }
  }

  // ---- the catalogue of bad inputs: BadInputCatalogue ----

  static Stream<Arguments> badInputs() {
    return BadInputCatalogue.cases().stream().map(bad -> Arguments.of(bad.name(), bad));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void eachBadInputGetsItsStatusAndAMessageNamingTheField(String name, BadInputCatalogue.Case bad) {
    Status status = bad.send().apply(RPCS);

    assertThat(status.getCode()).as("%s: %s", name, status).isEqualTo(bad.status());
    assertThat(status.getDescription()).as(name).contains(bad.messagePart());
    assertThat(TopicReader.endOffsets(running.bootstrapServers(), REJECTS).values())
        .as("nothing written to the stream every bad event is aimed at")
        .allMatch(end -> end == 0L);
  }

  @Test
  void aBatchWritesItsValidEventsAndOnlyThoseBesideInvalidOnes() {
    PublishBatchRequest.Builder batch = PublishBatchRequest.newBuilder().setStream("mixed");
    for (int i = 0; i < MAX_BATCH_EVENTS; i++) {
      Event.Builder event = event("m-" + (i % 3)).setId("batch-" + i);
      batch.addEvents(i % 3 == 1 ? event.putAttributes("BAD", "x") : event);
    }

    PublishBatchResponse response = running.blocking().publishBatch(batch.build());

    assertThat(response.getResultsList()).hasSize(MAX_BATCH_EVENTS);
    for (int i = 0; i < MAX_BATCH_EVENTS; i++) {
      PublishResult result = response.getResults(i);
      if (i % 3 == 1) {
        assertThat(result.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
        assertThat(result.getStatus().getMessage()).contains("events[" + i + "].attributes");
      } else {
        assertThat(result.getStatus().getCode()).as("event %d", i).isZero();
      }
    }
    assertThat(idsIn("mixed"))
        .containsExactlyInAnyOrder(
            "batch-0", "batch-2", "batch-3", "batch-5", "batch-6", "batch-8", "batch-9");
  }

  @Test
  void aStreamWritesEveryValidEventAroundInvalidOnesAndKeepsGoing() throws Exception {
    List<PublishRequest> requests = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Event.Builder event = event("st-" + (i % 4)).setId("stream-" + i);
      if (i % 5 == 2) {
        event.setSubject("");
      } else if (i % 5 == 4) {
        event.setData(ByteString.copyFrom(new byte[MAX_DATA_BYTES + 1]));
      }
      requests.add(PublishRequest.newBuilder().setStream("mixed-stream").setEvent(event).build());
    }

    List<PublishResult> results = running.publishOnOneStream(requests);

    assertThat(results).hasSize(30);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      int code = results.get(i).getStatus().getCode();
      if (i % 5 == 2 || i % 5 == 4) {
        assertThat(code).as("event %d", i).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
        assertThat(results.get(i).getStatus().getMessage())
            .contains(i % 5 == 2 ? "event.subject" : "event.data");
      } else {
        assertThat(code).as("event %d", i).isZero();
        expected.add("stream-" + i);
      }
    }
    assertThat(idsIn("mixed-stream")).containsAll(expected).noneMatch(id -> isRejectedStreamId(id));
  }

  /**
   * Bytes that are not a request, in the middle of a PublishStream call, end that call with
   * INVALID_ARGUMENT; the events before them are written, and the gateway serves the next call.
   */
  @Test
  void anUnparseableMessageMidStreamEndsThatCallAloneAndTheEventsBeforeItAreWritten()
      throws Exception {
    MethodDescriptor<byte[], byte[]> raw =
        PublisherServiceGrpc.getPublishStreamMethod().toBuilder(BYTES, BYTES).build();
    ClientCall<byte[], byte[]> call = running.channel.newCall(raw, CallOptions.DEFAULT);
    CompletableFuture<Status> ended = new CompletableFuture<>();
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onClose(Status status, Metadata trailers) {
            ended.complete(status);
          }
        },
        new Metadata());
    call.request(Integer.MAX_VALUE);
    for (int i = 0; i < 5; i++) {
      call.sendMessage(
          PublishRequest.newBuilder()
              .setStream("garbled")
              .setEvent(event("g").setId("before-" + i))
              .build()
              .toByteArray());
    }
    call.sendMessage(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01});
    call.halfClose();

    Status status = ended.get(30, TimeUnit.SECONDS);
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription())
        .startsWith("the request message is not a valid eventgateway.v1.PublishRequest: ");
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(idsIn("garbled"))
                    .containsExactlyInAnyOrder(
                        "before-0", "before-1", "before-2", "before-3", "before-4"));
    assertThat(publishStatus(request().setStream("garbled")).getCode()).isEqualTo(Status.Code.OK);
  }

  /**
   * A client that sends as fast as flow control lets it and never reads an acknowledgement: the
   * gateway stops reading from it once its in-flight window and the transport's buffers are full,
   * so the number of events it took stops growing, and its heap after a full GC stays flat.
   */
  @Test
  void aClientThatNeverReadsItsAcknowledgementsLeavesTheGatewayHeapFlat() throws Exception {
    ByteString data = randomBytes(MAX_DATA_BYTES);
    AtomicLong sent = new AtomicLong();
    ClientCall<PublishRequest, PublishResponse> call =
        running.channel.newCall(PublisherServiceGrpc.getPublishStreamMethod(), CallOptions.DEFAULT);
    Object lock = new Object();
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onReady() {
            synchronized (lock) {
              lock.notifyAll();
            }
          }
        },
        new Metadata());
    // never call.request(n): no acknowledgement is ever read
    Thread sender =
        new Thread(
            () -> {
              long i = 0;
              while (!Thread.currentThread().isInterrupted()) {
                synchronized (lock) {
                  while (!call.isReady()) {
                    try {
                      lock.wait(100);
                    } catch (InterruptedException stop) {
                      return;
                    }
                  }
                }
                call.sendMessage(
                    PublishRequest.newBuilder()
                        .setStream("flood")
                        .setEvent(event("f-" + (i % 16)).setData(data))
                        .build());
                sent.incrementAndGet();
                i++;
              }
            },
            "flooding-client");
    sender.setDaemon(true);
    sender.start();
    try {
      // the window fills, then the count stops moving
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(new Plateau(sent::get, Duration.ofSeconds(2)));
      long heapAtPlateau = heapAfterGc();
      long sentAtPlateau = sent.get();

      // for 5 s more the client keeps trying: the gateway takes at most one more window
      Awaitility.await("no more than a window taken while the client keeps trying")
          .during(Duration.ofSeconds(5))
          .atMost(Duration.ofSeconds(7))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> sent.get() <= sentAtPlateau + MAX_IN_FLIGHT_PER_CALL);

      long heapLater = heapAfterGc();
      System.out.printf(
          "never-reading client: the gateway took %d events (%d bytes of data), then stopped;"
              + " heap after GC %d MiB at the plateau, %d MiB 5 s later; %d more events taken%n",
          sentAtPlateau,
          sentAtPlateau * MAX_DATA_BYTES,
          heapAtPlateau >> 20,
          heapLater >> 20,
          sent.get() - sentAtPlateau);
      assertThat(sent.get())
          .as("events the gateway took after it stopped reading")
          .isLessThanOrEqualTo(sentAtPlateau + MAX_IN_FLIGHT_PER_CALL);
      assertThat(heapLater - heapAtPlateau)
          .as("heap growth after a full GC while the client keeps trying (bytes)")
          .isLessThan(32L * 1024 * 1024);
    } finally {
      sender.interrupt();
      sender.join(5_000);
      call.cancel("test over", null);
    }
  }

  // ---- how each RPC is driven ----

  /** The cases' requests, sent to the running gateway. */
  private static final BadInputCatalogue.Rpcs RPCS =
      new BadInputCatalogue.Rpcs() {
        @Override
        public Status publish(PublishRequest request) {
          return status(() -> running.blocking().publish(request));
        }

        @Override
        public Status publishGzip(PublishRequest request) {
          return status(() -> running.blocking().withCompression("gzip").publish(request));
        }

        @Override
        public Status publishBytes(byte[] message) {
          return rawPublishStatus(message);
        }

        @Override
        public Status publishBatch(PublishBatchRequest request) {
          return status(() -> running.blocking().publishBatch(request));
        }

        @Override
        public Status publishBatchBytes(byte[] message) {
          return rawStatus(PublisherServiceGrpc.getPublishBatchMethod(), message);
        }

        @Override
        public Status publishBatchResult(PublishBatchRequest request, int index) {
          PublishBatchResponse response = running.blocking().publishBatch(request);
          return resultStatus(response.getResults(index).getStatus());
        }

        @Override
        public Status publishStreamResult(PublishRequest request) {
          return resultStatus(running.publishOnOneStream(List.of(request)).get(0).getStatus());
        }

        @Override
        public Status subscribe(SubscribeRequest... requests) {
          return subscribeStatus(requests);
        }

        @Override
        public Status admin(Consumer<AdminServiceGrpc.AdminServiceBlockingStub> call) {
          return status(
              () ->
                  call.accept(
                      AdminServiceGrpc.newBlockingStub(running.channel)
                          .withDeadlineAfter(30, TimeUnit.SECONDS)));
        }
      };

  static Status status(Runnable call) {
    try {
      call.run();
      return Status.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }

  private static Status publishStatus(PublishRequest.Builder request) {
    return status(() -> running.blocking().publish(request.build()));
  }

  /** A per-event result's status as a gRPC status. */
  private static Status resultStatus(com.google.rpc.Status status) {
    return Status.fromCodeValue(status.getCode()).withDescription(status.getMessage());
  }

  /** Opens a Subscribe call, sends {@code requests}, and returns how the gateway ended it. */
  private static Status subscribeStatus(SubscribeRequest... requests) {
    TestSubscriber subscriber =
        TestSubscriber.subscribe(
            running.channel, Subscription.getDefaultInstance(), d -> false, false);
    for (SubscribeRequest request : requests) {
      subscriber.send(request);
    }
    return subscriber.awaitEnd();
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  /** Sends {@code bytes} as the request message of {@code Publish}, whatever they are. */
  private static Status rawPublishStatus(byte[] bytes) {
    return rawStatus(PublisherServiceGrpc.getPublishMethod(), bytes);
  }

  /** Sends {@code bytes} as the request message of the unary {@code method}, whatever they are. */
  private static Status rawStatus(MethodDescriptor<?, ?> method, byte[] bytes) {
    MethodDescriptor<byte[], byte[]> raw = method.toBuilder(BYTES, BYTES).build();
    return status(
        () ->
            ClientCalls.blockingUnaryCall(
                running.channel,
                raw,
                CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                bytes));
  }

  private static void publish(String stream, Event.Builder event) {
    running
        .blocking()
        .publish(PublishRequest.newBuilder().setStream(stream).setEvent(event).build());
  }

  private static List<String> idsIn(String stream) {
    return TopicReader.readAll(running.bootstrapServers(), stream).stream()
        .map(BadInputIT::ceId)
        .collect(Collectors.toList());
  }

  private static String ceId(ConsumerRecord<byte[], byte[]> record) {
    return TopicReader.header(record, "ce_id");
  }

  private static boolean isRejectedStreamId(String id) {
    int i = Integer.parseInt(id.substring("stream-".length()));
    return i % 5 == 2 || i % 5 == 4;
  }

  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** True once {@code value} has not changed for {@code quiet}. */
  private static final class Plateau implements java.util.concurrent.Callable<Boolean> {
    private final Supplier<Long> value;
    private final Duration quiet;
    private long last = -1;
    private long since = System.nanoTime();

    Plateau(Supplier<Long> value, Duration quiet) {
      this.value = value;
      this.quiet = quiet;
    }

    @Override
    public Boolean call() {
      long now = value.get();
      if (now != last) {
        last = now;
        since = System.nanoTime();
        return false;
      }
      return System.nanoTime() - since >= quiet.toNanos();
    }
  }
}
