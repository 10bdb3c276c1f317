package io.eventgateway.app.cli;

import io.eventgateway.api.v1.CreateStreamRequest;
import io.eventgateway.api.v1.DescribeStreamRequest;
import io.eventgateway.api.v1.Durability;
import io.eventgateway.api.v1.ListStreamsRequest;
import io.eventgateway.api.v1.PartitionDescription;
import io.eventgateway.api.v1.StreamClass;
import io.eventgateway.api.v1.StreamDefinition;
import io.eventgateway.api.v1.StreamDescription;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code esg streams}: the streams catalogue of a running gateway. */
@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    versionProvider = EsgCommand.Version.class,
    usageHelpAutoWidth = true,
    description = {
      "List, describe and create the streams of a running gateway.",
      "",
      "  esg streams                      the declared streams",
      "  esg streams describe events      partitions with start and end offsets and replicas",
      "  esg streams create payments --class audit --partitions 6",
      ""
    },
    subcommands = {StreamsCli.Describe.class, StreamsCli.Create.class})
public final class StreamsCli implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin GatewayTarget target;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    return AdminCall.run(
        target,
        spec,
        admin -> {
          var streams = admin.listStreams(ListStreamsRequest.getDefaultInstance());
          PrintWriter out = spec.commandLine().getOut();
          if (json) {
            out.println(ProtoJson.toJson(streams));
          } else {
            out.printf(
                "%-24s %-7s %10s %-10s %9s %11s %7s%n",
                "STREAM",
                "CLASS",
                "PARTITIONS",
                "DURABILITY",
                "RETENTION",
                "REPLICATION",
                "MIN-ISR");
            for (StreamDefinition stream : streams.getStreamsList()) {
              out.printf(
                  "%-24s %-7s %10d %-10s %9s %11d %7d%n",
                  stream.getName(),
                  label(stream.getStreamClass().name(), "STREAM_CLASS_"),
                  stream.getPartitions(),
                  label(stream.getDurability().name(), "DURABILITY_"),
                  retention(stream),
                  stream.getReplicationFactor(),
                  stream.getMinInsyncReplicas());
            }
          }
          return 0;
        });
  }

  /** {@code esg streams describe NAME}. */
  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      versionProvider = EsgCommand.Version.class,
      description = "A stream's definition and its partitions' offsets and replicas.")
  static final class Describe implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin GatewayTarget target;

    @Parameters(index = "0", paramLabel = "STREAM", description = "The stream.")
    String stream;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      return AdminCall.run(
          target,
          spec,
          admin -> {
            StreamDescription description =
                admin.describeStream(DescribeStreamRequest.newBuilder().setStream(stream).build());
            print(spec.commandLine().getOut(), description, json);
            return 0;
          });
    }
  }

  /** {@code esg streams create NAME --class C}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      versionProvider = EsgCommand.Version.class,
      description = {
        "Declare a stream of a class and create its topic. The stream is recorded in the stream"
            + " registry (the topic __esg_streams), so every gateway instance on the cluster serves"
            + " it, after restarts too."
      })
  static final class Create implements Callable<Integer> {
    /** Stream classes as the command line names them. */
    enum Classes {
      events,
      raw,
      audit
    }

    /** Durabilities as the command line names them. */
    enum Durabilities {
      standard,
      critical
    }

    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin GatewayTarget target;

    @Parameters(index = "0", paramLabel = "STREAM", description = "The new stream's name.")
    String stream;

    @Option(
        names = "--class",
        required = true,
        description = "${COMPLETION-CANDIDATES}: 7, 30 or 90 days of retention.")
    Classes streamClass;

    @Option(names = "--partitions", description = "Number of partitions (default 3).")
    int partitions;

    @Option(
        names = "--durability",
        description = "${COMPLETION-CANDIDATES} (default: the class's).")
    Durabilities durability;

    @Override
    public Integer call() throws Exception {
      CreateStreamRequest.Builder request =
          CreateStreamRequest.newBuilder()
              .setStream(stream)
              .setStreamClass(
                  StreamClass.valueOf(
                      "STREAM_CLASS_" + streamClass.name().toUpperCase(Locale.ROOT)))
              .setPartitions(partitions);
      if (durability != null) {
        request.setDurability(
            Durability.valueOf("DURABILITY_" + durability.name().toUpperCase(Locale.ROOT)));
      }
      return AdminCall.run(
          target,
          spec,
          admin -> {
            print(spec.commandLine().getOut(), admin.createStream(request.build()), false);
            return 0;
          });
    }
  }

  static void print(PrintWriter out, StreamDescription description, boolean json) {
    if (json) {
      out.println(ProtoJson.toJson(description));
      return;
    }
    StreamDefinition stream = description.getDefinition();
    out.printf(
        "stream %s: class %s, %d partitions, durability %s, retention %s, replication %d,"
            + " min.insync.replicas %d%n",
        stream.getName(),
        label(stream.getStreamClass().name(), "STREAM_CLASS_"),
        stream.getPartitions(),
        label(stream.getDurability().name(), "DURABILITY_"),
        retention(stream),
        stream.getReplicationFactor(),
        stream.getMinInsyncReplicas());
    out.printf(
        "%9s %12s %12s %6s %-12s %-12s%n",
        "PARTITION", "START", "END", "LEADER", "REPLICAS", "IN-SYNC");
    for (PartitionDescription partition : description.getPartitionsList()) {
      out.printf(
          "%9d %12d %12d %6d %-12s %-12s%n",
          partition.getPartition(),
          partition.getStartOffset(),
          partition.getEndOffset(),
          partition.getLeader(),
          partition.getReplicasList(),
          partition.getInSyncReplicasList());
    }
  }

  static String label(String enumName, String prefix) {
    return enumName.substring(prefix.length()).toLowerCase(Locale.ROOT);
  }

  private static String retention(StreamDefinition stream) {
    return io.eventgateway.app.config.Durations.format(
        Duration.ofSeconds(stream.getRetention().getSeconds(), stream.getRetention().getNanos()));
  }
}
