package io.eventgateway.app.cli;

import io.eventgateway.api.v1.AdminServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How the administration commands ({@code esg streams}, {@code esg groups}) call the gateway's
 * {@code AdminService}, and print its answers as JSON.
 */
final class AdminCall {
  private AdminCall() {}

  /**
   * Runs {@code action} with a blocking stub on a channel of its own to {@code target}, with a
   * deadline of 60 s, and shuts the channel down after.
   *
   * @return what {@code action} returns, or 1 when the call failed (printed on the command's error
   *     stream as "esg: CODE: description")
   */
  static int run(
      GatewayTarget target,
      CommandSpec spec,
      Function<AdminServiceGrpc.AdminServiceBlockingStub, Integer> action)
      throws InterruptedException {
    ManagedChannel channel = target.open();
    try {
      return action.apply(
          AdminServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS));
    } catch (StatusRuntimeException failed) {
      return GatewayTarget.fail(spec.commandLine().getErr(), failed);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
