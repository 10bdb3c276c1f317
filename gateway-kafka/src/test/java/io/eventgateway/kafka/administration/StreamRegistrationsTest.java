package io.eventgateway.kafka.administration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.StreamClass;
import io.eventgateway.core.domain.StreamDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamRegistrationsTest {
  private static final StreamDefinition ORDERS =
      new StreamDefinition(
          "orders.eu-1",
          StreamClass.EVENTS,
          12,
          Durability.CRITICAL,
          Duration.ofDays(7),
          (short) 3,
          2);

  @Test
  void aRegistrationReadsBackAsTheStreamItWasWrittenFrom() {
    byte[] value = StreamRegistrations.value(ORDERS);

    assertThat(new String(value, StandardCharsets.UTF_8))
        .isEqualTo(
            """
            format=1
            class=events
            partitions=12
            durability=critical
            retention-ms=604800000
            replication-factor=3
            min-insync-replicas=2
            """);
    assertThat(StreamRegistrations.read(StreamRegistrations.key(ORDERS), value)).isEqualTo(ORDERS);
  }

  @Test
  void unknownKeysAreIgnored() {
    String later =
        new String(StreamRegistrations.value(ORDERS), StandardCharsets.UTF_8) + "owner=team-a\n";
    assertThat(StreamRegistrations.read(bytes("orders.eu-1"), bytes(later))).isEqualTo(ORDERS);
  }

  @Test
  void unreadableRegistrationsSayWhy() {
    assertThatThrownBy(() -> StreamRegistrations.read(bytes("x"), bytes("format=2\n")))
        .hasMessageContaining("format 2");
    assertThatThrownBy(() -> StreamRegistrations.read(bytes("x"), bytes("format=1\n")))
        .hasMessageContaining("class is missing");
    assertThatThrownBy(
            () ->
                StreamRegistrations.read(
                    bytes("x"),
                    bytes(
                        """
                        format=1
                        class=events
                        partitions=many
                        durability=standard
                        retention-ms=1
                        replication-factor=1
                        min-insync-replicas=1
                        """)))
        .hasMessageContaining("partitions is not a number");
    assertThatThrownBy(() -> StreamRegistrations.read(bytes("x"), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> StreamRegistrations.read(bytes("__x"), StreamRegistrations.value(ORDERS)))
        .hasMessageContaining("stream name");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
