package io.eventgateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import io.eventgateway.testkit.process.FreePorts;
import io.eventgateway.testkit.process.JvmProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishers of large events cannot take the gateway's memory: a gateway process with a 256 MiB
 * heap, four {@code PublishStream} calls sending 1 MiB events as fast as flow control lets them,
 * and a well-behaved publisher beside them (a small event every 20 ms). The memory budget (a
 * quarter of the heap) holds, the well-behaved publisher gets every answer within a second, every
 * acknowledged event has its place in Kafka, and the gateway never runs out of memory.
 */
@Timeout(240)
class PublishMemoryIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final String BLOBS = KafkaBrokerExtension.uniqueTopicName("blobs");
  private static final String SMALL = KafkaBrokerExtension.uniqueTopicName("small");
  private static final long MIB = 1L << 20;
  private static final long HEAP = 256 * MIB;
  private static final long MAX_MESSAGE = 8 * MIB;
  private static final int ATTACK_CALLS = 4;
  private static final Duration ATTACK = Duration.ofSeconds(15);
  private static final Duration ACK_WITHIN = Duration.ofSeconds(1);
  private static final Duration SLOWEST_ACK = Duration.ofSeconds(5);

  @TempDir Path directory;

  @Test
  void largeEventsAsFastAsTheyGoStayInsideTheBudget() throws Exception {
    int[] ports = FreePorts.onLoopback(2);
    Path config = directory.resolve("esg.yaml");
    Files.writeString(
        config,
        """
        kafka:
          replication:
            factor: 1
        streams:
          - {name: %s, class: events, partitions: 2}
          - {name: %s, class: events, partitions: 1}
        """
            .formatted(BLOBS, SMALL));
    try (JvmProcess gateway =
        EsgJar.start(
            directory,
            "gateway",
            ports[1],
            Map.of(),
            List.of("-Xmx" + (HEAP / MIB) + "m"),
            "serve",
            "--config",
            config.toString(),
            "--grpc-port",
            String.valueOf(ports[0]),
            "--bootstrap-servers",
            KAFKA.bootstrapServers())) {
      EsgJar.awaitReady(gateway, ports[1]);
      MemoryWatch watch = new MemoryWatch(ports[1]);
      ManagedChannel attackChannel = channel(ports[0]);
      ManagedChannel secondAttackChannel = channel(ports[0]);
      SteadyPublisher steady = new SteadyPublisher(ports[0], SMALL);
      try {
        // connected, and the stream's producer knows its partitions
        await().atMost(Duration.ofSeconds(30)).until(() -> steady.acknowledged() > 0);
        steady.ackTimesSinceLastAsked();
        watch.start();
        AtomicBoolean attacking = new AtomicBoolean(true);
        List<LargeEventStream> attackers = new ArrayList<>();
        for (int i = 0; i < ATTACK_CALLS; i++) {
          LargeEventStream attacker =
              new LargeEventStream("a" + i, i % 2 == 0 ? attackChannel : secondAttackChannel);
          attackers.add(attacker);
          attacker.start(attacking);
        }

        long attackStart = System.nanoTime();
        await()
            .atMost(ATTACK.plusSeconds(60))
            .until(
                () ->
                    System.nanoTime() - attackStart >= ATTACK.toNanos()
                        && attackers.stream().mapToInt(a -> a.acknowledged.size()).sum() >= 100);
        SteadyPublisher.AckTimes acks = steady.ackTimesSinceLastAsked();
        attacking.set(false);
        for (LargeEventStream attacker : attackers) {
          assertThat(attacker.done.await(60, TimeUnit.SECONDS))
              .as("attacking call %s ended", attacker.name)
              .isTrue();
        }
        watch.stop();

        long budget = (long) watch.budget;
        System.out.printf(
            "PublishMemoryIT: %d large events acknowledged; budget %d MiB, most used %d MiB;"
                + " heap most used %d MiB, live after GC at most %d MiB; well-behaved: %d answers,"
                + " 99th percentile %d ms, slowest %d ms%n",
            attackers.stream().mapToInt(a -> a.acknowledged.size()).sum(),
            budget / MIB,
            watch.maxUsed / MIB,
            watch.maxHeap / MIB,
            watch.maxLive / MIB,
            acks.count(),
            acks.p99().toMillis(),
            acks.slowest().toMillis());

        assertThat(budget).as("a quarter of the heap").isBetween(HEAP / 5, HEAP / 4);
        assertThat(watch.maxUsed)
            .as("the budget, plus one message per call that held nothing")
            .isLessThanOrEqualTo(budget + (ATTACK_CALLS + 1) * MAX_MESSAGE);
        assertThat(attackers)
            .allSatisfy(a -> assertThat(a.acknowledged).as("call %s", a.name).isNotEmpty());
        assertThat(attackers).allSatisfy(a -> assertThat(a.failure.get()).isNull());
        assertThat(steady.failures()).isEmpty();
        assertThat(acks.p99()).as("well-behaved answers, 99th percentile").isLessThan(ACK_WITHIN);
        assertThat(acks.slowest()).as("the slowest").isLessThan(SLOWEST_ACK);
        assertThat(acks.count()).isGreaterThan(100);

        // the large events are only checked by position (reading gigabytes back would cost more
        // than the attack): each acknowledged one has a position of its own in the log
        Map<TopicPartition, Long> ends = TopicReader.endOffsets(KAFKA.bootstrapServers(), BLOBS);
        Set<String> positions = ConcurrentHashMap.newKeySet();
        for (LargeEventStream attacker : attackers) {
          positions.addAll(attacker.positions);
          assertThat(attacker.positions).hasSameSizeAs(attacker.acknowledged);
        }
        assertThat(positions)
            .hasSize(attackers.stream().mapToInt(a -> a.acknowledged.size()).sum())
            .allSatisfy(
                position -> {
                  int colon = position.indexOf(':');
                  int partition = Integer.parseInt(position.substring(0, colon));
                  long end = ends.get(new TopicPartition(BLOBS, partition));
                  assertThat(Long.parseLong(position.substring(colon + 1))).isLessThan(end);
                });
        steady.close();
        assertThat(idsIn(SMALL).stream().filter(id -> id.startsWith("steady-")))
            .as("every acknowledged small event is in Kafka")
            .hasSizeGreaterThanOrEqualTo(steady.acknowledged());
        assertThat(gateway.logSinceStart()).doesNotContain("OutOfMemoryError");
      } finally {
        watch.stop();
        attackChannel.shutdownNow();
        secondAttackChannel.shutdownNow();
        steady.close();
      }
    }
  }

  private static Set<String> idsIn(String topic) {
    return TopicReader.readAll(KAFKA.bootstrapServers(), topic).stream()
        .map(record -> TopicReader.header(record, "ce_id"))
        .collect(Collectors.toSet());
  }

  private static ManagedChannel channel(int port) {
    return ManagedChannelBuilder.forAddress("127.0.0.1", port)
        .usePlaintext()
        .maxInboundMessageSize(16 << 20)
        .build();
  }

  /** One {@code PublishStream} call sending 1 MiB events whenever the transport is ready. */
  private static final class LargeEventStream
      implements ClientResponseObserver<PublishRequest, PublishResponse> {
    private static final ByteString DATA = ByteString.copyFrom(new byte[(int) MIB - 4096]);

    final String name;
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final Set<String> positions = ConcurrentHashMap.newKeySet();
    final CountDownLatch done = new CountDownLatch(1);
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ManagedChannel channel;
    private final AtomicInteger sent = new AtomicInteger();
    private ClientCallStreamObserver<PublishRequest> requests;
    private AtomicBoolean attacking;
    private boolean completed;

    LargeEventStream(String name, ManagedChannel channel) {
      this.name = name;
      this.channel = channel;
    }

    void start(AtomicBoolean whileAttacking) {
      this.attacking = whileAttacking;
      PublisherServiceGrpc.newStub(channel).publishStream(this);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<PublishRequest> stream) {
      this.requests = stream;
      stream.setOnReadyHandler(this::sendWhileReady);
    }

    private synchronized void sendWhileReady() {
      while (!completed && requests.isReady()) {
        if (!attacking.get()) {
          completed = true;
          requests.onCompleted();
          return;
        }
        int n = sent.incrementAndGet();
        requests.onNext(
            PublishRequest.newBuilder()
                .setStream(BLOBS)
                .setEvent(
                    Event.newBuilder()
                        .setId(name + "-" + n)
                        .setSource("/tests/memory")
                        .setType("com.example.blob")
                        .setSubject(name + "-" + (n % 8))
                        .setData(DATA))
                .build());
      }
    }

    @Override
    public void onNext(PublishResponse response) {
      if (response.getResult().getStatus().getCode() == 0) {
        acknowledged.add(response.getResult().getEventId());
        positions.add(response.getResult().getPartition() + ":" + response.getResult().getOffset());
      }
      if (!attacking.get()) {
        sendWhileReady(); // completes the call once the sender sees the attack is over
      }
    }

    @Override
    public void onError(Throwable t) {
      failure.set(t);
      done.countDown();
    }

    @Override
    public void onCompleted() {
      done.countDown();
    }
  }

  /** Scrapes the gateway's memory figures every 200 ms and keeps their maxima. */
  private static final class MemoryWatch {
    private final int httpPort;
    private final ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor();
    volatile double budget;
    volatile long maxUsed;
    volatile long maxHeap;
    volatile long maxLive;

    MemoryWatch(int httpPort) {
      this.httpPort = httpPort;
    }

    void start() {
      var unused = scraper.scheduleWithFixedDelay(this::scrape, 0, 200, TimeUnit.MILLISECONDS);
    }

    void stop() throws InterruptedException {
      scraper.shutdown();
      scraper.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void scrape() {
      try {
        MetricsScrape scrape = MetricsScrape.of(httpPort);
        budget = scrape.value("esg_memory_budget_bytes");
        maxUsed = Math.max(maxUsed, (long) scrape.value("esg_memory_budget_used_bytes"));
        maxHeap = Math.max(maxHeap, (long) scrape.value("jvm_memory_used_bytes", "area", "heap"));
        maxLive = Math.max(maxLive, (long) scrape.sum("jvm_gc_live_data_size_bytes").orElse(0));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      } catch (IOException | RuntimeException scrapeFailed) {
        // a scrape that fails under load is left out; the maxima need only most of them
      }
    }
  }
}
