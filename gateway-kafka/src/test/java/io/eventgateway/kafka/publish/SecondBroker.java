package io.eventgateway.kafka.publish;

import io.eventgateway.kafka.embedded.EmbeddedKafkaBroker;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A broker-only node (id 2) that joins the cluster of an {@link EmbeddedKafkaBroker}, so a test can
 * have a partition with two replicas and then take one away.
 */
final class SecondBroker implements AutoCloseable {
  private final KafkaRaftServer server;
  private boolean closed;

  private SecondBroker(KafkaRaftServer server) {
    this.server = server;
  }

  static SecondBroker join(EmbeddedKafkaBroker first, Path directory, int port) throws Exception {
    String dir = directory.toAbsolutePath().toString();
    try (PrintStream quiet =
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(quiet)
          .setNodeId(2)
          .setClusterId(first.clusterId())
          .setDirectories(List.of(dir))
          .setMetadataLogDirectory(dir)
          .setControllerListenerName("CONTROLLER")
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
    }
    Properties properties = new Properties();
    properties.put("process.roles", "broker");
    properties.put("node.id", "2");
    properties.put("controller.quorum.voters", "1@127.0.0.1:" + first.settings().controllerPort());
    properties.put("controller.listener.names", "CONTROLLER");
    properties.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
    properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    properties.put("inter.broker.listener.name", "PLAINTEXT");
    properties.put("log.dirs", dir);
    properties.put("log.cleaner.dedupe.buffer.size", "2097152");
    KafkaRaftServer server =
        new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
    server.startup();
    return new SecondBroker(server);
  }

  @Override
  public void close() {
    shutDown();
  }

  /** Shuts the node down cleanly (controlled shutdown: it leaves every ISR). Idempotent. */
  synchronized void shutDown() {
    if (!closed) {
      closed = true;
      server.shutdown();
      server.awaitShutdown();
    }
  }
}
