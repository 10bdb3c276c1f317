package io.eventgateway.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway as its own process, {@code io.eventgateway.app.Main serve --config FILE}, the way
 * {@code esg serve} runs it, so a scenario can kill -9 it, SIGTERM it and start it again on the
 * same gRPC port. Its output goes to {@code gateway.log} in its directory.
 *
 * <p>Not thread-safe; a scenario drives it from one thread.
 */
public final class GatewayNode implements AutoCloseable {
  /** What the gateway logs once it serves. */
  static final String READY = "gateway ready";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final ManagedProcess process;

  /**
   * @param directory for its log
   * @param config the gateway's configuration file (absolute), which sets its gRPC port
   */
  public GatewayNode(Path directory, Path config) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    // the gateway's own logging, as esg serve has it, not the test classpath's
    command.add("-Dlog4j2.configurationFile=classpath:log4j2.xml");
    command.add("-cp");
    command.add(KafkaCluster.nodeClasspath(System.getProperty("java.class.path")));
    command.add("io.eventgateway.app.Main");
    command.addAll(List.of("serve", "--config", config.toAbsolutePath().toString()));
    this.process =
        new ManagedProcess("the gateway", command, directory.resolve("gateway.log"), READY);
  }

  public Path logFile() {
    return process.logFile();
  }

  /** Starts the gateway and waits until it serves. */
  public void start() {
    process.start();
    process.awaitReady(START_TIMEOUT);
  }

  /** SIGKILL, and waits until it is gone. */
  public void kill9() {
    process.kill9();
  }

  /** SIGTERM: a graceful drain; waits up to {@code timeout} for it to exit. */
  public void terminate(Duration timeout) {
    process.terminate(timeout);
  }

  @Override
  public void close() {
    process.killNow();
    process.awaitExit(Duration.ofSeconds(30));
  }
}
