package io.eventgateway.app;

import io.eventgateway.app.cli.EsgCommand;

/** The {@code esg} executable. */
public final class Main {

  /**
   * The level of Netty's buffer leak detector inside gRPC (its shaded copy of Netty). Netty's
   * default samples one buffer in 128 and records a stack trace for each, which cost 1.7% of the
   * gateway's CPU under load (docs/performance.md); the gateway turns it off unless this property
   * is set, e.g. {@code -Dio.grpc.netty.shaded.io.netty.leakDetection.level=paranoid} to hunt a
   * leak.
   */
  static final String NETTY_LEAK_DETECTION = "io.grpc.netty.shaded.io.netty.leakDetection.level";

  private Main() {}

  public static void main(String[] args) {
    if (System.getProperty(NETTY_LEAK_DETECTION) == null) {
      System.setProperty(NETTY_LEAK_DETECTION, "disabled");
    }
    System.exit(EsgCommand.commandLine().execute(args));
  }
}
