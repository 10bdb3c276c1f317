package io.eventgateway.app;

import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.api.v1.PublishResponse;
import io.eventgateway.api.v1.PublishResult;
import io.eventgateway.api.v1.PublisherServiceGrpc;
import io.eventgateway.app.cli.EsgCommand;
import io.eventgateway.app.cli.ServeCommand;
import io.eventgateway.testkit.junit.KafkaBrokerExtension;
import io.eventgateway.testkit.process.FreePorts;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;

/**
 * A gateway started the way {@code esg serve} starts it: the command line parsed by the real
 * command, its configuration resolved, {@link Gateway#start} called, gRPC and HTTP on free ports.
 * Its Kafka is either the test JVM's shared broker ({@link #onSharedBroker}), for tests whose point
 * is not a broker of their own, or the embedded broker on free ports with its data in a directory
 * of the test's ({@link #serve}).
 */
final class RunningGateway implements AutoCloseable {
  final Gateway gateway;
  final ManagedChannel channel;
  final int kafkaPort;
  final int kafkaControllerPort;

  private RunningGateway(Gateway gateway, int kafkaPort, int kafkaControllerPort) {
    this.gateway = gateway;
    this.kafkaPort = kafkaPort;
    this.kafkaControllerPort = kafkaControllerPort;
    this.channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", gateway.grpcPort()).usePlaintext().build();
  }

  /**
   * {@code esg serve --grpc-port 0 --http-port 0 --bootstrap-servers <the shared broker> --set
   * kafka.replication.factor=1 [extra...]}. The broker and its topics outlive the gateway and are
   * shared by every test class of the JVM: declare streams (and use groups) of unique names ({@link
   * KafkaBrokerExtension#uniqueTopicName}).
   */
  static RunningGateway onSharedBroker(KafkaBrokerExtension kafka, String... extraArguments) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "serve",
                "--grpc-port",
                "0",
                "--http-port",
                "0",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--set",
                "kafka.replication.factor=1"));
    arguments.addAll(List.of(extraArguments));
    return new RunningGateway(start(arguments), 0, 0);
  }

  /**
   * {@code esg serve --grpc-port 0 --http-port 0 --kafka-port P --data-dir dataDir [extra...]}: the
   * gateway's own embedded broker, on free ports.
   */
  static RunningGateway serve(Path dataDir, String... extraArguments) {
    int[] ports = FreePorts.onLoopback(2);
    return serve(dataDir, ports[0], ports[1], extraArguments);
  }

  /** As {@link #serve(Path, String...)} on the given embedded broker ports. */
  static RunningGateway serve(
      Path dataDir, int kafkaPort, int kafkaControllerPort, String... extraArguments) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "serve",
                "--grpc-port",
                "0",
                "--http-port",
                "0",
                "--kafka-port",
                String.valueOf(kafkaPort),
                "--kafka-controller-port",
                String.valueOf(kafkaControllerPort),
                "--data-dir",
                dataDir.toString()));
    arguments.addAll(List.of(extraArguments));
    return new RunningGateway(start(arguments), kafkaPort, kafkaControllerPort);
  }

  private static Gateway start(List<String> arguments) {
    CommandLine.ParseResult parsed =
        EsgCommand.commandLine().parseArgs(arguments.toArray(String[]::new));
    ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();
    return Gateway.start(serve.resolveConfig());
  }

  PublisherServiceGrpc.PublisherServiceBlockingStub blocking() {
    return PublisherServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  PublisherServiceGrpc.PublisherServiceStub async() {
    return PublisherServiceGrpc.newStub(channel);
  }

  /**
   * Sends {@code requests} on one PublishStream call, half-closes, and returns the results as they
   * came (the gateway answers in the order of the requests). Fails unless the call ends OK.
   */
  List<PublishResult> publishOnOneStream(List<PublishRequest> requests) {
    List<PublishResult> results = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Status> ended = new CompletableFuture<>();
    StreamObserver<PublishRequest> stream =
        async()
            .withDeadlineAfter(60, TimeUnit.SECONDS)
            .publishStream(
                new StreamObserver<>() {
                  @Override
                  public void onNext(PublishResponse response) {
                    results.add(response.getResult());
                  }

                  @Override
                  public void onError(Throwable t) {
                    ended.complete(Status.fromThrowable(t));
                  }

                  @Override
                  public void onCompleted() {
                    ended.complete(Status.OK);
                  }
                });
    requests.forEach(stream::onNext);
    stream.onCompleted();
    Status status;
    try {
      status = ended.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", interrupted);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("the PublishStream call did not end", e);
    }
    if (!status.isOk()) {
      throw new AssertionError("the PublishStream call ended with " + status);
    }
    synchronized (results) {
      return List.copyOf(results);
    }
  }

  /**
   * Commits {@code offset} on one partition for {@code group} with a plain Kafka consumer: a group
   * the gateway itself never served.
   */
  void commitAsPlainConsumer(String group, String topic, int partition, long offset) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                bootstrapServers(),
                "group.id",
                group,
                "enable.auto.commit",
                "false"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.commitSync(
          Map.of(new TopicPartition(topic, partition), new OffsetAndMetadata(offset)));
    }
  }

  String bootstrapServers() {
    return gateway.bootstrapServers();
  }

  String target() {
    return "127.0.0.1:" + gateway.grpcPort();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    gateway.close();
  }
}
