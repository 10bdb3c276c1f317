package io.eventgateway.app.cli;

import io.eventgateway.api.v1.ConsumerGroupDescription;
import io.eventgateway.api.v1.DescribeConsumerGroupRequest;
import io.eventgateway.api.v1.GroupMember;
import io.eventgateway.api.v1.PartitionLag;
import io.eventgateway.api.v1.ResetConsumerGroupRequest;
import io.eventgateway.api.v1.ResetConsumerGroupResponse;
import io.eventgateway.api.v1.ResetTo;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code esg groups}: consumer groups' lag, and resets to replay. */
@Command(
    name = "groups",
    mixinStandardHelpOptions = true,
    versionProvider = EsgCommand.Version.class,
    usageHelpAutoWidth = true,
    description = {
      "Describe a consumer group's lag on a stream, or reset it to replay.",
      "",
      "  esg groups describe billing --stream events",
      "  esg groups reset billing --stream events --to earliest",
      "  esg groups reset billing --stream events --to time --time 2026-11-28T10:00:00Z",
      "",
      "A group can only be reset while none of its subscribers is connected.",
      ""
    },
    subcommands = {GroupsCli.Describe.class, GroupsCli.Reset.class})
public final class GroupsCli implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code esg groups describe GROUP --stream S}. */
  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      versionProvider = EsgCommand.Version.class,
      description = "A group's state, members, and committed offset and lag per partition.")
  static final class Describe implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin GatewayTarget target;

    @Parameters(index = "0", paramLabel = "GROUP", description = "The consumer group.")
    String group;

    @Option(names = "--stream", required = true, description = "The stream.")
    String stream;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      return AdminCall.run(
          target,
          spec,
          admin -> {
            ConsumerGroupDescription description =
                admin.describeConsumerGroup(
                    DescribeConsumerGroupRequest.newBuilder()
                        .setGroup(group)
                        .setStream(stream)
                        .build());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
              out.println(ProtoJson.toJson(description));
              return 0;
            }
            out.printf(
                "group %s on stream %s: %s, %d members, total lag %d%n",
                description.getGroup(),
                description.getStream(),
                description.getState(),
                description.getMembersCount(),
                description.getTotalLag());
            for (GroupMember member : description.getMembersList()) {
              out.printf(
                  "  member %s (client %s, %s): partitions %s%n",
                  member.getMemberId(),
                  member.getClientId(),
                  member.getHost(),
                  member.getPartitionsList());
            }
            printLag(out, description.getPartitionsList());
            return 0;
          });
    }
  }

  /** {@code esg groups reset GROUP --stream S --to ...}. */
  @Command(
      name = "reset",
      mixinStandardHelpOptions = true,
      versionProvider = EsgCommand.Version.class,
      description =
          "Move a group's committed offsets on a stream, to replay or to skip. Refused while the"
              + " group has connected subscribers.")
  static final class Reset implements Callable<Integer> {
    /** Reset targets as the command line names them. */
    enum To {
      earliest,
      latest,
      time,
      offsets
    }

    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin GatewayTarget target;

    @Parameters(index = "0", paramLabel = "GROUP", description = "The consumer group.")
    String group;

    @Option(names = "--stream", required = true, description = "The stream.")
    String stream;

    @Option(names = "--to", required = true, description = "${COMPLETION-CANDIDATES}")
    To to;

    @Option(names = "--time", description = "With --to time: an RFC 3339 time.")
    String time;

    @Option(
        names = "--offset",
        description = "With --to offsets: partition=offset (repeatable); only those partitions.")
    Map<Integer, Long> offsets = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
      ResetConsumerGroupRequest.Builder request =
          ResetConsumerGroupRequest.newBuilder()
              .setGroup(group)
              .setStream(stream)
              .setTo(ResetTo.valueOf("RESET_TO_" + to.name().toUpperCase(Locale.ROOT)))
              .putAllOffsets(offsets);
      if (time != null) {
        try {
          request.setTime(CloudEventJson.timestamp(time));
        } catch (IllegalArgumentException invalid) {
          spec.commandLine().getErr().println("esg: --time: " + invalid.getMessage());
          return 2;
        }
      }
      return AdminCall.run(
          target,
          spec,
          admin -> {
            ResetConsumerGroupResponse response = admin.resetConsumerGroup(request.build());
            PrintWriter out = spec.commandLine().getOut();
            out.printf("group %s on stream %s reset to %s%n", group, stream, to);
            printLag(out, response.getPartitionsList());
            return 0;
          });
    }
  }

  static void printLag(PrintWriter out, List<PartitionLag> partitions) {
    out.printf("%9s %12s %12s %10s%n", "PARTITION", "COMMITTED", "END", "LAG");
    for (PartitionLag partition : partitions) {
      out.printf(
          "%9d %12s %12d %10d%n",
          partition.getPartition(),
          partition.getCommittedOffset() < 0 ? "-" : partition.getCommittedOffset(),
          partition.getEndOffset(),
          partition.getLag());
    }
  }
}
