package io.eventgateway.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamCatalogTest {
  private static StreamDefinition stream(String name, int partitions) {
    return new StreamDefinition(
        name,
        StreamClass.EVENTS,
        partitions,
        Durability.STANDARD,
        Duration.ofDays(7),
        (short) 1,
        1);
  }

  @Test
  void declaringANameTwiceIsRefused() {
    StreamCatalog catalog = new StreamCatalog(List.of(stream("orders", 3)));

    assertThatThrownBy(() -> catalog.declare(stream("orders", 6)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'orders' is declared twice");
    assertThat(catalog.find("orders")).contains(stream("orders", 3));
  }

  @Test
  void adoptingAddsANewStreamAndKeepsAnEarlierDeclaration() {
    StreamCatalog catalog = new StreamCatalog(List.of(stream("orders", 3)));

    assertThat(catalog.adopt(stream("payments", 2))).isEqualTo(stream("payments", 2));
    assertThat(catalog.adopt(stream("orders", 6))).isEqualTo(stream("orders", 3));
    assertThat(catalog.all()).containsExactly(stream("orders", 3), stream("payments", 2));
  }
}
