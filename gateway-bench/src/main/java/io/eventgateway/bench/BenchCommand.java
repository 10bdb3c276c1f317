package io.eventgateway.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code esg bench}: the gateway beside a bare Kafka producer, on the same broker, in one run. */
@Command(
    name = "esg bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Measure the gateway against a bare KafkaProducer with the gateway's producer settings.",
      "",
      "Starts a single-node Kafka broker (its own JVM) unless --bootstrap-servers is given, and"
          + " the gateway (its own JVM, gateway-app/target/esg.jar) unless --target is given."
          + " Runs the direct producer, then the gateway over gRPC (or the other way round with"
          + " --order gateway-first), each for --warmup then --duration, and prints events/s, MB/s,"
          + " ack latency (HdrHistogram), CPU seconds per million events and the gateway's heap"
          + " after GC, with the ratios gateway/direct.",
      "",
      "Exit code 0 when no event failed, 1 when some did, 2 on a usage or start-up error.",
      ""
    })
final class BenchCommand implements Callable<Integer> {
  @Mixin BenchOptions options;

  private final PrintStream out;
  private final PrintStream err;

  BenchCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws Exception {
    String invalid = options.validate();
    if (invalid != null) {
      err.println("esg bench: " + invalid);
      return 2;
    }
    try (BenchRig rig = BenchRig.start(options, err)) {
      Summary summary = new BenchRun(options, rig, err).run();
      out.print(summary.table());
      out.flush();
      if (options.json != null) {
        Files.writeString(options.json, summary.json(), StandardCharsets.UTF_8);
      }
      return summary.allFailures() == 0 ? 0 : 1;
    }
  }
}
