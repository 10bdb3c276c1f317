package io.eventgateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.eventgateway.api.v1.AdminServiceGrpc;
import io.eventgateway.api.v1.ConsumerGroupDescription;
import io.eventgateway.api.v1.CreateStreamRequest;
import io.eventgateway.api.v1.Delivery;
import io.eventgateway.api.v1.DescribeConsumerGroupRequest;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.ListStreamsRequest;
import io.eventgateway.api.v1.PublishBatchRequest;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.api.v1.StreamClass;
import io.eventgateway.api.v1.Subscription;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import io.eventgateway.testkit.process.FreePorts;
import io.eventgateway.testkit.process.JvmProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gateway processes in front of one Kafka cluster hold no state of their own: two serve the members
 * of one consumer group, and when one stops, the member on the other takes over its partitions from
 * the committed offsets; a stream created through one is served by another (the stream registry is
 * a Kafka topic).
 */
class StatelessGroupsIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final String ORDERS = KafkaBrokerExtension.uniqueTopicName("orders");
  private static final String GROUP = KafkaBrokerExtension.uniqueTopicName("shared");
  // created at run time: in the stream registry, which every gateway on the broker reads
  private static final String CREATED = KafkaBrokerExtension.uniqueTopicName("created-at-run-time");

  @TempDir Path directory;

  private final List<JvmProcess> gateways = new ArrayList<>();

  @AfterEach
  void stopGateways() {
    gateways.forEach(JvmProcess::close);
  }

  /** Starts {@code esg serve} on {@code grpcPort} and {@code httpPort}; stopped after the test. */
  private JvmProcess start(String name, int grpcPort, int httpPort, Path config) {
    JvmProcess gateway =
        EsgJar.start(
            directory,
            name,
            httpPort,
            Map.of(),
            "serve",
            "--grpc-port",
            String.valueOf(grpcPort),
            "--bootstrap-servers",
            KAFKA.bootstrapServers(),
            "--config",
            config.toString());
    gateways.add(gateway);
    return gateway;
  }

  @Test
  void oneGroupAcrossTwoGatewayProcesses() throws Exception {
    Path config = directory.resolve("esg.yaml");
    Files.writeString(
        config,
        """
        kafka:
          replication:
            factor: 1
        streams:
          - {name: %s, class: events, partitions: 4}
        """
            .formatted(ORDERS));
    int[] ports = FreePorts.onLoopback(6); // gRPC, then HTTP, of the three
    int[] grpcPorts = {ports[0], ports[1], ports[2]};
    // the three start together, then each is awaited
    JvmProcess first = start("gateway-1", grpcPorts[0], ports[3], config);
    JvmProcess second = start("gateway-2", grpcPorts[1], ports[4], config);
    JvmProcess third = start("gateway-3", grpcPorts[2], ports[5], config);
    EsgJar.awaitReady(first, ports[3]);
    EsgJar.awaitReady(second, ports[4]);
    EsgJar.awaitReady(third, ports[5]);
    ManagedChannel one = channel(grpcPorts[0]);
    ManagedChannel two = channel(grpcPorts[1]);
    try {
      Subscription group = Subscription.newBuilder().setStream(ORDERS).setGroup(GROUP).build();
      TestSubscriber onFirst = TestSubscriber.subscribe(one, group, d -> true);
      TestSubscriber onSecond = TestSubscriber.subscribe(two, group, d -> true);
      // both members in: wait until the group settled on the two of them
      await().atMost(Duration.ofSeconds(30)).until(() -> settledOnTwoMembers(two));

      publish(one, 0, 200);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> onFirst.received.size() + onSecond.received.size() >= 200);
      Set<Integer> firstPartitions = partitions(onFirst.snapshot());
      Set<Integer> secondPartitions = partitions(onSecond.snapshot());
      assertThat(firstPartitions).isNotEmpty().doesNotContainAnyElementsOf(secondPartitions);
      assertThat(secondPartitions).isNotEmpty();

      // the first member's acks are committed before its gateway stops: an ack still on its
      // way when the gateway stops is not one the gateway received, and may be delivered again
      await().atMost(Duration.ofSeconds(30)).until(() -> committedCoversAcknowledged(two, onFirst));
      // the first gateway stops (SIGTERM): its member's call ends, the group moves on
      assertThat(first.terminate(Duration.ofSeconds(60))).isEqualTo(143);
      assertThat(onFirst.awaitEnd().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
      publish(two, 200, 200);
      Set<String> all = new HashSet<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                all.clear();
                all.addAll(ids(onFirst.snapshot()));
                all.addAll(ids(onSecond.snapshot()));
                return all.size() == 400;
              });
      assertThat(partitions(onSecond.snapshot())).containsExactlyInAnyOrder(0, 1, 2, 3);
      assertThat(ids(onSecond.snapshot())).doesNotContainAnyElementsOf(onFirst.acked);
      onSecond.leave();

      // a stream created through one instance is served by the other: Kafka holds the registry
      AdminServiceGrpc.newBlockingStub(two)
          .createStream(
              CreateStreamRequest.newBuilder()
                  .setStream(CREATED)
                  .setStreamClass(StreamClass.STREAM_CLASS_RAW)
                  .setPartitions(2)
                  .build());
      ManagedChannel three = channel(grpcPorts[2]);
      try {
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    AdminServiceGrpc.newBlockingStub(three)
                        .listStreams(ListStreamsRequest.getDefaultInstance())
                        .getStreamsList()
                        .stream()
                        .anyMatch(stream -> stream.getName().equals(CREATED)));
        PublishResponse published =
            PublisherServiceGrpc.newBlockingStub(three)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .publish(
                    PublishRequest.newBuilder()
                        .setStream(CREATED)
                        .setEvent(
                            Event.newBuilder()
                                .setSource("/tests/stateless")
                                .setType("t")
                                .setSubject("s")
                                .setData(ByteString.copyFromUtf8("x")))
                        .build());
        assertThat(published.getResult().getStream()).isEqualTo(CREATED);
      } finally {
        three.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } finally {
      one.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      two.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static boolean settledOnTwoMembers(ManagedChannel channel) {
    ConsumerGroupDescription group =
        AdminServiceGrpc.newBlockingStub(channel)
            .describeConsumerGroup(
                DescribeConsumerGroupRequest.newBuilder()
                    .setGroup(GROUP)
                    .setStream(ORDERS)
                    .build());
    return group.getState().equals("STABLE")
        && group.getMembersCount() == 2
        && group.getMembersList().stream().allMatch(member -> member.getPartitionsCount() > 0);
  }

  /** Whether the group's committed offsets are past every delivery {@code member} acked. */
  private static boolean committedCoversAcknowledged(
      ManagedChannel channel, TestSubscriber member) {
    Map<Integer, Long> committed = new HashMap<>();
    AdminServiceGrpc.newBlockingStub(channel)
        .describeConsumerGroup(
            DescribeConsumerGroupRequest.newBuilder().setGroup(GROUP).setStream(ORDERS).build())
        .getPartitionsList()
        .forEach(p -> committed.put(p.getPartition(), p.getCommittedOffset()));
    return member.snapshot().stream()
        .filter(d -> member.acked.contains(d.getEvent().getId()))
        .allMatch(d -> committed.getOrDefault(d.getPartition(), -1L) > d.getOffset());
  }

  private static ManagedChannel channel(int port) {
    return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  private static void publish(ManagedChannel channel, int from, int count) {
    PublishBatchRequest.Builder batch = PublishBatchRequest.newBuilder().setStream(ORDERS);
    for (int i = from; i < from + count; i++) {
      batch.addEvents(
          Event.newBuilder()
              .setId("o-" + i)
              .setSource("/tests/stateless")
              .setType("t")
              .setSubject("order-" + (i % 16))
              .setData(ByteString.copyFromUtf8(String.valueOf(i))));
    }
    assertThat(
            PublisherServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .publishBatch(batch.build())
                .getResultsList())
        .allSatisfy(r -> assertThat(r.getStatus().getCode()).isZero());
  }

  private static Set<Integer> partitions(List<Delivery> deliveries) {
    return deliveries.stream().map(Delivery::getPartition).collect(Collectors.toSet());
  }

  private static Set<String> ids(List<Delivery> deliveries) {
    return deliveries.stream().map(d -> d.getEvent().getId()).collect(Collectors.toSet());
  }
}
