package io.eventgateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.eventgateway.api.v1.Delivery;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.api.v1.StartFrom;
import io.eventgateway.api.v1.SubscribeRequest;
import io.eventgateway.api.v1.SubscriberServiceGrpc;
import io.eventgateway.api.v1.Subscription;
import io.eventgateway.core.application.PublishLimits;
import io.eventgateway.core.port.SubscriberBudget;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import io.eventgateway.testkit.process.FreePorts;
import io.eventgateway.testkit.process.JvmProcess;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What subscriptions cost a gateway process with a small heap ({@value #HEAP}), attacked as the
 * issue describes: subscribers that never read a stream of 1 MiB events, and a thousand idle
 * subscriptions from one client. Each test starts a gateway of its own and reads its heap (after a
 * full GC, forced with {@code jcmd}) and its threads from {@code /metrics}, and prints them.
 */
class SubscriptionBudgetIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final String HEAP = "-Xmx256m";
  private static final int MIB = 1024 * 1024;

  /** The gateway's default budget, for the default limits' largest record. */
  private static final SubscriberBudget DEFAULT_BUDGET =
      new SubscriberBudget(
          SubscriberBudget.DEFAULT_MAX_BUFFERED_BYTES,
          new PublishLimits(1024 * 1024, 32, 4096, 1024, 256, 1000).maxRecordBytes());

  /** What an idle subscription may cost beyond its budget, at most (measured: see below). */
  private static final long FIXED_COST_PER_SUBSCRIPTION = 256 * 1024;

  @TempDir Path directory;

  private final List<ManagedChannel> channels = new ArrayList<>();
  private JvmProcess gateway;
  private int grpcPort;
  private int httpPort;

  /** Stops the gateway; keeps its log as {@code target/SubscriptionBudgetIT-<test>.log}. */
  @AfterEach
  void stop(TestInfo test) throws IOException {
    channels.forEach(ManagedChannel::shutdownNow);
    if (gateway != null) {
      gateway.close();
      Files.copy(
          gateway.logFile(),
          Path.of(
              "target",
              "SubscriptionBudgetIT-" + test.getTestMethod().orElseThrow().getName() + ".log"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Starts a gateway with {@value #HEAP} serving {@code stream} (3 partitions), plus {@code yaml}.
   */
  private void startGateway(String stream, String yaml) throws IOException {
    Path config = directory.resolve("esg.yaml");
    Files.writeString(
        config,
        """
        kafka:
          replication:
            factor: 1
        streams:
          - {name: %s, class: events, partitions: 3}
        %s
        """
            .formatted(stream, yaml));
    int[] ports = FreePorts.onLoopback(2);
    grpcPort = ports[0];
    httpPort = ports[1];
    gateway =
        EsgJar.serve(
            directory,
            "gateway",
            httpPort,
            Map.of(),
            List.of(HEAP),
            "serve",
            "--grpc-port",
            String.valueOf(grpcPort),
            "--bootstrap-servers",
            KAFKA.bootstrapServers(),
            "--config",
            config.toString());
  }

  /**
   * A thousand subscriptions from one client that read nothing (the stream is quiet): the threads
   * and the heap they take.
   */
  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void aThousandIdleSubscriptionsFit() throws Exception {
    String stream = KafkaBrokerExtension.uniqueTopicName("idle");
    startGateway(stream, "");
    long heapBefore = heapAfterGc();
    double threadsBefore = metrics().value("jvm_threads_live_threads");
    int count = 1000;
    int perChannel = 100;
    List<ClientCall<SubscribeRequest, Delivery>> calls = new ArrayList<>();
    Map<Integer, Status> ended = new ConcurrentHashMap<>();
    for (int i = 0; i < count; i++) {
      if (i % perChannel == 0) {
        channels.add(channel(grpcPort, 1 * MIB));
      }
      int index = i;
      calls.add(
          openSubscribe(
              channels.get(channels.size() - 1),
              Subscription.newBuilder()
                  .setStream(stream)
                  .setStartFrom(StartFrom.START_FROM_LATEST)
                  .build(),
              status -> ended.put(index, status),
              1));
    }
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> activeSubscriptions() >= count || !ended.isEmpty());
    assertThat(ended).as("subscriptions that ended").isEmpty();
    long heapAfter = heapAfterGc();
    double threadsAfter = metrics().value("jvm_threads_live_threads");
    long perSubscription = (heapAfter - heapBefore) / count;
    // what polling the idle feeds costs: the process's CPU, in cores, over 5 s of quiet
    double cores = Runtime.getRuntime().availableProcessors(); // the same machine
    double cpuShare = 0;
    for (int i = 0; i < 5; i++) {
      await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
      cpuShare += metrics().value("process_cpu_usage") * cores / 5;
    }
    System.out.printf(
        "%d idle subscriptions: threads %.0f -> %.0f, heap after GC %d MiB -> %d MiB"
            + " (%d KiB per subscription); CPU while idle %.2f of a core%n",
        count,
        threadsBefore,
        threadsAfter,
        heapBefore / MIB,
        heapAfter / MIB,
        perSubscription / 1024,
        cpuShare);
    calls.forEach(call -> call.cancel("test over", null));
    // a few poller and closer threads for them all, not one each
    assertThat(threadsAfter - threadsBefore).as("threads added").isLessThan(50);
    assertThat(perSubscription)
        .as("heap per idle subscription")
        .isLessThan(FIXED_COST_PER_SUBSCRIPTION);
  }

  /**
   * Idle subscriptions each in a group of its own: Kafka's classic group protocol gives each group
   * consumer a heartbeat thread, so they cost a thread each, and more heap.
   */
  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void idleGroupSubscriptionsCostAHeartbeatThreadEach() throws Exception {
    String stream = KafkaBrokerExtension.uniqueTopicName("idle-groups");
    startGateway(stream, "");
    long heapBefore = heapAfterGc();
    double threadsBefore = metrics().value("jvm_threads_live_threads");
    int count = 200;
    Map<Integer, Status> ended = new ConcurrentHashMap<>();
    List<ClientCall<SubscribeRequest, Delivery>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (i % 100 == 0) {
        channels.add(channel(grpcPort, MIB));
      }
      int index = i;
      calls.add(
          openSubscribe(
              channels.get(channels.size() - 1),
              Subscription.newBuilder().setStream(stream).setGroup(stream + "-g" + i).build(),
              status -> ended.put(index, status),
              1));
    }
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                metrics().value("jvm_threads_live_threads") >= threadsBefore + count
                    || !ended.isEmpty());
    assertThat(ended).as("subscriptions that ended").isEmpty();
    long heapAfter = heapAfterGc();
    double threadsAfter = metrics().value("jvm_threads_live_threads");
    System.out.printf(
        "%d idle group subscriptions: threads %.0f -> %.0f, heap after GC %d MiB -> %d MiB"
            + " (%d KiB per subscription)%n",
        count,
        threadsBefore,
        threadsAfter,
        heapBefore / MIB,
        heapAfter / MIB,
        (heapAfter - heapBefore) / count / 1024);
    calls.forEach(call -> call.cancel("test over", null));
    assertThat(threadsAfter - threadsBefore).isLessThan(count + 50.0);
  }

  /**
   * 32 subscribers that never read, on a stream of 1 MiB events, while a publisher and a reading
   * subscriber go on: the heap after GC and the log.
   */
  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void subscribersThatNeverReadStayInsideTheirBudget() throws Exception {
    String stream = KafkaBrokerExtension.uniqueTopicName("big");
    startGateway(stream, "");
    ManagedChannel publisherChannel = channel(grpcPort, 16 * MIB);
    channels.add(publisherChannel);
    ByteString data = randomBytes(MIB);
    int prefill = 48;
    for (int i = 0; i < prefill; i++) {
      publish(publisherChannel, stream, "prefill-" + i, data);
    }
    long heapBefore = heapAfterGc();
    double directBefore = direct();

    // 32 subscribers on 4 connections that never read: each a call that never asks for a message
    int attackers = 32;
    List<ClientCall<SubscribeRequest, Delivery>> calls = new ArrayList<>();
    Map<Integer, Status> ended = new ConcurrentHashMap<>();
    for (int i = 0; i < attackers; i++) {
      if (i % 8 == 0) {
        channels.add(channel(grpcPort, 64 * 1024));
      }
      int index = i;
      calls.add(
          openSubscribe(
              channels.get(channels.size() - 1),
              Subscription.newBuilder()
                  .setStream(stream)
                  .setStartFrom(StartFrom.START_FROM_EARLIEST)
                  .setAutoAck(true)
                  .build(),
              status -> ended.put(index, status),
              0));
    }
    await().atMost(Duration.ofMinutes(2)).until(() -> activeSubscriptions() >= attackers);

    // a well-behaved subscriber from now on, and a publisher whose every event is acknowledged
    // within a second
    ManagedChannel readerChannel = channel(grpcPort, 16 * MIB);
    channels.add(readerChannel);
    TestSubscriber reader =
        TestSubscriber.subscribe(
            readerChannel,
            Subscription.newBuilder()
                .setStream(stream)
                .setStartFrom(StartFrom.START_FROM_LATEST)
                .build(),
            d -> true);
    await().atMost(Duration.ofSeconds(30)).until(() -> activeSubscriptions() >= attackers + 1);
    List<String> acknowledged = new ArrayList<>();
    long slowest = 0;
    long peakHeap = 0;
    for (int i = 0; i < 40; i++) {
      String id = "steady-" + i;
      long started = System.nanoTime();
      publish(publisherChannel, stream, id, data);
      slowest = Math.max(slowest, System.nanoTime() - started);
      acknowledged.add(id);
      if (i % 10 == 9) {
        peakHeap = Math.max(peakHeap, heapAfterGc());
      }
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> reader.received.size() >= acknowledged.size() || reader.ended.isDone());
    long heapAfter = heapAfterGc();
    peakHeap = Math.max(peakHeap, heapAfter);
    double direct = direct();
    Map<Integer, Status> endedDuringTheAttack = Map.copyOf(ended);
    String log = gateway.logSinceStart();
    System.out.printf(
        "%d subscribers that never read 1 MiB events: heap after GC %d MiB before, at most %d MiB"
            + " during, %d MiB after; slowest acknowledgement %d ms; reader received %d of %d;"
            + " OutOfMemoryErrors in the log: %d; attackers ended: %s; direct buffers %d MiB"
            + " -> %d MiB%n",
        attackers,
        heapBefore / MIB,
        peakHeap / MIB,
        heapAfter / MIB,
        TimeUnit.NANOSECONDS.toMillis(slowest),
        reader.received.size(),
        acknowledged.size(),
        log.split("OutOfMemoryError", -1).length - 1,
        endedDuringTheAttack,
        (long) directBefore / MIB,
        (long) direct / MIB);
    calls.forEach(call -> call.cancel("test over", null));
    assertThat(log).doesNotContain("OutOfMemoryError");
    assertThat(reader.snapshot().stream().map(d -> d.getEvent().getId()).toList())
        .containsAll(acknowledged);
    assertThat(slowest).isLessThan(TimeUnit.SECONDS.toNanos(1));
    assertThat(endedDuringTheAttack).as("attackers whose call ended").isEmpty();
    // the budget's worst case, plus the fixed cost of a subscription (docs/reliability.md),
    // covers what the heap (fetched and polled records) and the direct buffers (what gRPC was
    // handed) grew by
    long perSubscriber = DEFAULT_BUDGET.worstCaseBytes() + FIXED_COST_PER_SUBSCRIPTION;
    assertThat((peakHeap - heapBefore) + (long) (direct - directBefore))
        .as("heap and direct memory growth with %d subscribers that never read (bytes)", attackers)
        .isLessThanOrEqualTo(attackers * perSubscriber);
    assertThat(peakHeap).as("heap after GC").isLessThan(256L * MIB * 9 / 10);
  }

  /**
   * Subscriptions over the limits of one connection and of the gateway are refused with
   * RESOURCE_EXHAUSTED naming the setting, while the subscriptions within them and a publisher go
   * on; a place freed is taken again.
   */
  @Test
  void subscriptionsOverTheLimitsAreRefusedNamingTheSetting() throws Exception {
    String stream = KafkaBrokerExtension.uniqueTopicName("limited");
    startGateway(
        stream,
        """
        subscribe:
          max-per-connection: 3
          max-subscriptions: 5
        """);
    ManagedChannel first = channel(grpcPort, MIB);
    ManagedChannel second = channel(grpcPort, MIB);
    ManagedChannel publisher = channel(grpcPort, MIB);
    channels.addAll(List.of(first, second, publisher));
    Subscription tail =
        Subscription.newBuilder()
            .setStream(stream)
            .setStartFrom(StartFrom.START_FROM_LATEST)
            .build();
    List<TestSubscriber> onFirst = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      onFirst.add(TestSubscriber.subscribe(first, tail, d -> true));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> activeSubscriptions() >= 3);

    Status overConnection = TestSubscriber.subscribe(first, tail, d -> true).awaitEnd();
    assertThat(overConnection.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(overConnection.getDescription()).startsWith("subscribe.max-per-connection (3)");

    TestSubscriber fourth = TestSubscriber.subscribe(second, tail, d -> true);
    TestSubscriber fifth = TestSubscriber.subscribe(second, tail, d -> true);
    await().atMost(Duration.ofSeconds(30)).until(() -> activeSubscriptions() >= 5);
    Status overGateway = TestSubscriber.subscribe(second, tail, d -> true).awaitEnd();
    assertThat(overGateway.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(overGateway.getDescription()).startsWith("subscribe.max-subscriptions (5)");

    // the five within the limits go on, and a publisher's events reach them within a second
    for (int i = 0; i < 5; i++) {
      long started = System.nanoTime();
      publish(publisher, stream, "limited-" + i, ByteString.copyFromUtf8("x"));
      assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(1));
    }
    List<TestSubscriber> within = new ArrayList<>(onFirst);
    within.addAll(List.of(fourth, fifth));
    for (TestSubscriber subscriber : within) {
      subscriber.awaitReceived(5);
      assertThat(subscriber.ended).isNotDone();
    }

    // a place freed on the first connection is taken again there
    assertThat(onFirst.get(0).leave().getCode()).isEqualTo(Status.Code.OK);
    await().atMost(Duration.ofSeconds(30)).until(() -> activeSubscriptions() <= 4);
    TestSubscriber again = TestSubscriber.subscribe(first, tail, d -> true);
    await().atMost(Duration.ofSeconds(30)).until(() -> activeSubscriptions() >= 5);
    assertThat(again.ended).isNotDone();
    assertThat(gateway.logSinceStart()).doesNotContain("OutOfMemoryError");
  }

  // ---- helpers

  private void publish(ManagedChannel channel, String stream, String id, ByteString data) {
    PublisherServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .publish(
            PublishRequest.newBuilder()
                .setStream(stream)
                .setEvent(
                    Event.newBuilder()
                        .setId(id)
                        .setSource("/tests/budget")
                        .setType("t")
                        .setSubject("s-" + id.hashCode() % 7)
                        .setData(data))
                .build());
  }

  /**
   * Opens a Subscribe call that reads {@code reads} deliveries and then nothing (0: none at all).
   */
  private static ClientCall<SubscribeRequest, Delivery> openSubscribe(
      ManagedChannel channel,
      Subscription subscription,
      java.util.function.Consumer<Status> onEnd,
      int reads) {
    ClientCall<SubscribeRequest, Delivery> call =
        channel.newCall(SubscriberServiceGrpc.getSubscribeMethod(), CallOptions.DEFAULT);
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onClose(Status status, Metadata trailers) {
            onEnd.accept(status);
          }
        },
        new Metadata());
    if (reads > 0) {
      call.request(reads);
    }
    call.sendMessage(SubscribeRequest.newBuilder().setSubscribe(subscription).build());
    return call;
  }

  /** A plaintext channel whose HTTP/2 receive window is {@code window} bytes, fixed. */
  private static ManagedChannel channel(int port, int window) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port)
        .usePlaintext()
        .flowControlWindow(window)
        .maxInboundMessageSize(16 * MIB)
        .build();
  }

  private double direct() throws IOException, InterruptedException {
    return metrics().value("jvm_buffer_memory_used_bytes", "id", "direct");
  }

  private double activeSubscriptions() throws IOException, InterruptedException {
    return metrics().sum("esg_subscriptions_active").orElse(0);
  }

  private MetricsScrape metrics() throws IOException, InterruptedException {
    return MetricsScrape.of(httpPort);
  }

  /** The gateway's heap after a full GC: {@code jcmd <pid> GC.run}, then its /metrics. */
  private long heapAfterGc() throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process gc =
        new ProcessBuilder(jcmd.toString(), Long.toString(gateway.pid()), "GC.run")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(gc.waitFor(30, TimeUnit.SECONDS)).as("jcmd GC.run ended").isTrue();
    return (long) metrics().value("jvm_memory_used_bytes", "area", "heap");
  }

  private static ByteString randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return ByteString.copyFrom(bytes);
  }
}
