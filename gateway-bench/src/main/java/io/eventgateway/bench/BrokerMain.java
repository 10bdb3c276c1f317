package io.eventgateway.bench;

import io.eventgateway.kafka.embedded.EmbeddedKafkaBroker;
import io.eventgateway.kafka.embedded.EmbeddedKafkaSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The bench's Kafka: the gateway's own {@link EmbeddedKafkaBroker} alone in a JVM, so that its CPU
 * is counted on neither side. Arguments: broker port, controller port, data directory. Prints
 * {@value #READY} and the bootstrap address once it takes requests; stops cleanly when its standard
 * input ends or on SIGTERM.
 */
public final class BrokerMain {
  static final String READY = "bench broker ready on ";

  private BrokerMain() {}

  public static void main(String[] args) throws IOException {
    EmbeddedKafkaSettings settings =
        new EmbeddedKafkaSettings(
            Path.of(args[2]), Integer.parseInt(args[0]), Integer.parseInt(args[1]), Map.of());
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings);
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "bench-broker-stop"));
    System.out.println(READY + broker.bootstrapServers());
    System.out.flush();
    while (System.in.read() >= 0) {
      // the parent closes our standard input (or dies) when the run is over
    }
    broker.close();
    System.exit(0);
  }
}
