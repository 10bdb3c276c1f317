package io.eventgateway.app.cli;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The {@code --target} option of the client commands, and how they talk to the gateway. */
final class GatewayTarget {
  @Option(
      names = "--target",
      defaultValue = "${env:ESG_TARGET:-127.0.0.1:50051}",
      description = "Gateway address host:port (env ESG_TARGET; default ${DEFAULT-VALUE}).")
  String address;

  /** A plaintext channel to the gateway; the caller shuts it down. */
  ManagedChannel open() {
    return NettyChannelBuilder.forTarget(address).usePlaintext().build();
  }

  /** Prints a failed call as "esg: CODE: description" and returns the exit code for it (1). */
  static int fail(PrintWriter err, StatusRuntimeException failed) {
    String description = failed.getStatus().getDescription();
    err.println(
        "esg: " + failed.getStatus().getCode() + (description == null ? "" : ": " + description));
    return 1;
  }
}
