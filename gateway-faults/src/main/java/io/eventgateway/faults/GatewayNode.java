package io.eventgateway.faults;

import io.eventgateway.testkit.process.JvmCommand;
import io.eventgateway.testkit.process.JvmProcess;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The gateway as its own process, {@code io.eventgateway.app.Main serve --config FILE}, the way
 * {@code esg serve} runs it, so a scenario can kill -9 it, SIGTERM it and start it again on the
 * same ports. It is ready when its {@code /health/ready} answers 200: it serves gRPC, its streams
 * are reconciled with the cluster, and Kafka answers. Its output goes to {@code gateway.log} in its
 * directory. It runs with {@code -Xmx256m}.
 *
 * <p>Not thread-safe; a scenario drives it from one thread.
 */
public final class GatewayNode implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final JvmProcess process;
  private final int httpPort;

  /**
   * @param directory for its log
   * @param config the gateway's configuration file, which sets its gRPC port
   * @param httpPort the port of its {@code /health/ready} and {@code /metrics}, handed to it as
   *     {@code ESG_HTTP_PORT}
   */
  public GatewayNode(Path directory, Path config, int httpPort) {
    JvmCommand command =
        JvmCommand.mainClass("io.eventgateway.app.Main")
            // a small heap, so that hostile-clients attacks memory that is scarce (its budgets
            // derive from it); the gateway's own logging, as esg serve has it, not the test
            // classpath's
            .jvmOptions("-Xmx256m", "-Dlog4j2.configurationFile=classpath:log4j2.xml")
            .arguments("serve", "--config", config.toAbsolutePath().toString())
            .environment("ESG_HTTP_PORT", Integer.toString(httpPort))
            // the suite's JVM may die by SIGKILL (a fork timeout): the gateway must not outlive it
            .diesWithParent()
            .build();
    this.process =
        JvmProcess.builder("the gateway", command, directory.resolve("gateway.log"))
            .stopGrace(Duration.ZERO)
            .build();
    this.httpPort = httpPort;
  }

  public Path logFile() {
    return process.logFile();
  }

  /** The port of its {@code /metrics}. */
  public int httpPort() {
    return httpPort;
  }

  /** What it has logged since it was last started. */
  public String logSinceStart() {
    return process.logSinceStart();
  }

  /**
   * Starts the gateway and waits until it is ready.
   *
   * @throws io.eventgateway.testkit.process.JvmProcessException when it exits first or is not ready
   *     within 90 s, with the last lines of its log
   */
  public void start() {
    process.start();
    process.awaitReady(JvmProcess.readyUrl(httpPort), START_TIMEOUT);
  }

  /** SIGKILL, and waits until it is gone. */
  public void kill9() {
    process.kill9();
  }

  /** SIGTERM: a graceful drain; waits up to {@code timeout} for it to exit. */
  public void terminate(Duration timeout) {
    process.terminate(timeout);
  }

  /** SIGKILL: what it had was throw-away. */
  @Override
  public void close() {
    process.close();
  }
}
