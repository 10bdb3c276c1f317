package io.eventgateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventgateway.api.v1.StartFrom;
import io.eventgateway.api.v1.Subscription;
import io.eventgateway.kafka.embedded.EmbeddedKafkaBroker;
import io.eventgateway.kafka.embedded.EmbeddedKafkaSettings;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import io.eventgateway.testkit.process.FreePorts;
import io.eventgateway.testkit.process.JvmProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subscribers that invent consumer group names cannot grow {@code /metrics} without bound: a
 * gateway process with a small heap ({@code -Xmx256m}), {@code metrics.max-groups: 20} and {@code
 * metrics.idle-group-expiry: 3s}, takes subscriptions under 500 group names, one after the other,
 * while another client publishes and must get every acknowledgement within a second. The group
 * labels stay within the cap, the lines of {@code /metrics} stay bounded and drop once the meters
 * expire, nothing acknowledged is lost, and the gateway never runs out of memory.
 *
 * <p>It runs a broker of its own: the 500 groups would otherwise stay on the shared test broker,
 * where other tests' gateways observe every group (and fold groups beyond the cap, which {@code
 * MetricsIT} must not see).
 */
class MetricsBoundIT {
  private static final String STREAM = KafkaBrokerExtension.uniqueTopicName("bounded");
  private static final int MAX_GROUPS = 20;
  private static final int INVENTED_GROUPS = 500;

  /**
   * One attacker at a time: opening a subscription holds a gRPC handler thread while the gateway
   * checks the group and creates its consumer (hundreds of ms), and the gateway has as many handler
   * threads as cores (2 here). With 4 at a time the publisher's acks took up to 3 s on a loaded
   * 2-core machine: that is the cost of subscribing, not of the metrics this test is about.
   */
  private static final int SUBSCRIBERS_AT_ONCE = 1;

  private static final Duration ACK_WITHIN = Duration.ofSeconds(1);
  private static final Duration SLOWEST_ACK = Duration.ofSeconds(5);

  @TempDir Path directory;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void inventedGroupNamesLeaveMetricsBoundedAndExpireWhileAPublisherKeepsGettingAcks()
      throws Exception {
    int[] brokerPorts = FreePorts.onLoopback(2);
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(
            new EmbeddedKafkaSettings(
                directory.resolve("kafka"), brokerPorts[0], brokerPorts[1], Map.of()))) {
      attack(broker.bootstrapServers());
    }
  }

  private void attack(String bootstrapServers) throws Exception {
    Path config = directory.resolve("esg.yaml");
    Files.writeString(
        config,
        """
        kafka:
          replication:
            factor: 1
          monitor:
            interval: 2s
        metrics:
          max-groups: %d
          idle-group-expiry: 3s
        streams:
          - {name: %s, class: events, partitions: 2}
        """
            .formatted(MAX_GROUPS, STREAM));
    int[] ports = FreePorts.onLoopback(2);
    int grpcPort = ports[0];
    int httpPort = ports[1];
    JvmProcess gateway =
        JvmProcess.builder(
                "gateway",
                EsgJar.command(
                        "serve",
                        "--grpc-port",
                        Integer.toString(grpcPort),
                        "--bootstrap-servers",
                        bootstrapServers,
                        "--config",
                        config.toString())
                    .jvmOptions("-Xmx256m") // after EsgJar's -Xmx512m: the last one holds
                    .environment("ESG_HTTP_PORT", Integer.toString(httpPort))
                    .build(),
                directory.resolve("gateway.log"))
            .stopGrace(Duration.ZERO)
            .build();
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    ExecutorService attackers = Executors.newFixedThreadPool(SUBSCRIBERS_AT_ONCE);
    SteadyPublisher publisher = null;
    try (gateway) {
      gateway.start();
      EsgJar.awaitReady(gateway, httpPort);
      int linesBefore = lines(MetricsScrape.get(httpPort, "/metrics").body());
      publisher = new SteadyPublisher(grpcPort, STREAM);
      SteadyPublisher steady = publisher;
      // warmed up (the first write fetches metadata and starts the producer): time from here
      await().atMost(Duration.ofSeconds(30)).until(() -> steady.acknowledged() >= 5);
      steady.ackTimesSinceLastAsked();

      // the attack: 500 subscriptions, each under a new group name, one after the other
      List<Future<Status>> ended = new ArrayList<>();
      for (int i = 0; i < INVENTED_GROUPS; i++) {
        String group = "invented-" + i;
        ended.add(attackers.submit(() -> subscribeAndLeave(channel, group)));
      }
      Sampler sampler = new Sampler(httpPort);
      await()
          .atMost(Duration.ofMinutes(8))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                sampler.sample();
                return ended.stream().allMatch(Future::isDone);
              });
      for (Future<Status> end : ended) {
        assertThat(end.get().getCode()).isEqualTo(Status.Code.OK);
      }
      sampler.sample();

      // all ended: within the expiry (and a scrape), the subscription meters are gone
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> groupLabels(MetricsScrape.of(httpPort), "esg_subscriptions_active").isEmpty());
      MetricsScrape after = MetricsScrape.of(httpPort);
      int linesAfter = lines(after.text);
      SteadyPublisher.AckTimes acks = publisher.ackTimesSinceLastAsked();
      publisher.close();

      System.out.printf(
          "metrics under %d invented groups: %d lines before, at most %d during (at most %d"
              + " subscription group labels, %d cluster group labels), %d after the expiry;"
              + " heap used at most %d MiB; %d events acknowledged, 99th percentile %d ms,"
              + " the slowest %d ms%n",
          INVENTED_GROUPS,
          linesBefore,
          sampler.maxLines,
          sampler.maxSubscriptionGroups,
          sampler.maxClusterGroups,
          linesAfter,
          sampler.maxHeapUsed >> 20,
          acks.count(),
          acks.p99().toMillis(),
          acks.slowest().toMillis());

      assertThat(sampler.sawOther)
          .as("the cap was reached: some groups were counted as (other)")
          .isTrue();
      assertThat(sampler.maxSubscriptionGroups)
          .as("group labels of the subscription meters: the cap and (other)")
          .isLessThanOrEqualTo(MAX_GROUPS + 1);
      assertThat(sampler.maxClusterGroups)
          .as("group labels of the cluster's group meters: the cap and (other)")
          .isLessThanOrEqualTo(MAX_GROUPS + 1);
      // unbounded, 500 groups would have added 1,500 lines of subscription meters alone
      assertThat(sampler.maxLines - linesBefore)
          .as("lines /metrics grew by, at most")
          .isLessThan(12 * (MAX_GROUPS + 1));
      assertThat(linesAfter).as("lines after the expiry").isLessThan(sampler.maxLines);
      assertThat(groupLabels(after, "esg_subscribe_deliveries_total")).isEmpty();

      assertThat(publisher.failures()).as("publish failures").isEmpty();
      assertThat(acks.count()).isGreaterThan(10);
      assertThat(acks.p99()).as("acknowledgements, 99th percentile").isLessThan(ACK_WITHIN);
      assertThat(acks.slowest()).as("the slowest acknowledgement").isLessThan(SLOWEST_ACK);
      List<ConsumerRecord<byte[], byte[]>> written = TopicReader.readAll(bootstrapServers, STREAM);
      Set<String> ids =
          written.stream().map(r -> TopicReader.header(r, "ce_id")).collect(Collectors.toSet());
      assertThat(ids.stream().filter(id -> id.startsWith("steady-")))
          .as("every acknowledged event is in Kafka")
          .hasSizeGreaterThanOrEqualTo(publisher.acknowledged());
      assertThat(sampler.maxHeapUsed).as("heap used").isLessThan(256L << 20);
      assertThat(gateway.logSinceStart()).doesNotContain("OutOfMemoryError");
    } finally {
      if (publisher != null) {
        publisher.close();
      }
      attackers.shutdownNow();
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** Opens a subscription of {@code group}, and leaves once the gateway took it. */
  private static Status subscribeAndLeave(ManagedChannel channel, String group) {
    TestSubscriber subscriber =
        TestSubscriber.subscribe(
            channel,
            Subscription.newBuilder()
                .setStream(STREAM)
                .setGroup(group)
                .setStartFrom(StartFrom.START_FROM_LATEST)
                .build());
    return subscriber.leave();
  }

  /** Sample lines of a scrape: neither comments nor blank. */
  private static int lines(String scrape) {
    return (int) scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
  }

  /** The values of label {@code group} on the samples named {@code name}. */
  private static Set<String> groupLabels(MetricsScrape scrape, String name) {
    return scrape.samples.stream()
        .filter(s -> s.name().equals(name))
        .map(s -> s.labels().get("group"))
        .filter(g -> g != null && !g.isEmpty())
        .collect(Collectors.toSet());
  }

  /** The largest figures seen in the gateway's scrapes. */
  private static final class Sampler {
    private final int httpPort;
    int maxLines;
    int maxSubscriptionGroups;
    int maxClusterGroups;
    long maxHeapUsed;
    boolean sawOther;

    Sampler(int httpPort) {
      this.httpPort = httpPort;
    }

    void sample() throws Exception {
      MetricsScrape scrape = MetricsScrape.of(httpPort);
      maxLines = Math.max(maxLines, lines(scrape.text));
      Set<String> subscriptionGroups = groupLabels(scrape, "esg_subscriptions_active");
      sawOther |= subscriptionGroups.contains("(other)");
      maxSubscriptionGroups = Math.max(maxSubscriptionGroups, subscriptionGroups.size());
      maxClusterGroups =
          Math.max(maxClusterGroups, groupLabels(scrape, "esg_consumer_group_members").size());
      maxHeapUsed =
          Math.max(maxHeapUsed, (long) scrape.value("jvm_memory_used_bytes", "area", "heap"));
    }
  }
}
