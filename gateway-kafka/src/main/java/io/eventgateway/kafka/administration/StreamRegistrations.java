package io.eventgateway.kafka.administration;

import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.StreamClass;
import io.eventgateway.core.domain.StreamDefinition;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * The record of one registered stream in the registry topic: key = the stream's name (UTF-8), value
 * = its definition as {@code key=value} lines, readable with any Kafka tool:
 *
 * <pre>
 * format=1
 * class=events
 * partitions=3
 * durability=standard
 * retention-ms=604800000
 * replication-factor=3
 * min-insync-replicas=2
 * </pre>
 *
 * <p>A reader ignores keys it does not know, so later versions may add some; a new {@code format}
 * number means a change an older reader must not guess at.
 */
final class StreamRegistrations {
  static final int FORMAT = 1;

  private StreamRegistrations() {}

  static byte[] key(StreamDefinition stream) {
    return stream.name().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] value(StreamDefinition stream) {
    String text =
        "format="
            + FORMAT
            + "\nclass="
            + stream.streamClass().label()
            + "\npartitions="
            + stream.partitions()
            + "\ndurability="
            + stream.durability().name().toLowerCase(Locale.ROOT)
            + "\nretention-ms="
            + stream.retention().toMillis()
            + "\nreplication-factor="
            + stream.replicationFactor()
            + "\nmin-insync-replicas="
            + stream.minInsyncReplicas()
            + "\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The stream a registry record describes.
   *
   * @throws IllegalArgumentException when the record is not a registration this version can read;
   *     the message says why
   */
  static StreamDefinition read(byte[] key, byte[] value) {
    if (key == null || value == null) {
      throw new IllegalArgumentException("a registration needs a key and a value");
    }
    Properties fields = new Properties();
    try {
      fields.load(new StringReader(new String(value, StandardCharsets.UTF_8)));
    } catch (IOException | IllegalArgumentException malformed) {
      throw new IllegalArgumentException("malformed value: " + malformed.getMessage(), malformed);
    }
    String format = required(fields, "format");
    if (!format.equals(Integer.toString(FORMAT))) {
      throw new IllegalArgumentException(
          "format " + format + " is not one this gateway reads (" + FORMAT + ")");
    }
    return new StreamDefinition(
        new String(key, StandardCharsets.UTF_8),
        StreamClass.named(required(fields, "class")),
        integer(fields, "partitions"),
        Durability.valueOf(required(fields, "durability").toUpperCase(Locale.ROOT)),
        Duration.ofMillis(Long.parseLong(required(fields, "retention-ms"))),
        (short) integer(fields, "replication-factor"),
        integer(fields, "min-insync-replicas"));
  }

  private static int integer(Properties fields, String name) {
    try {
      return Integer.parseInt(required(fields, name));
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException(name + " is not a number", notANumber);
    }
  }

  private static String required(Properties fields, String name) {
    String value = fields.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is missing");
    }
    return value.trim();
  }
}
