package io.eventgateway.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamNamesTest {
  @ParameterizedTest
  @ValueSource(strings = {"events", "orders.v1", "raw_data", "A-b.C_9"})
  void acceptsKafkaLegalNames(String name) {
    assertThat(StreamNames.problemWith(name)).isEmpty();
  }

  @Test
  void explainsEachIllegalName() {
    assertThat(StreamNames.problemWith("")).contains("is required");
    assertThat(StreamNames.problemWith("a b"))
        .hasValueSatisfying(p -> assertThat(p).contains("may only contain"));
    assertThat(StreamNames.problemWith("tab\there"))
        .hasValueSatisfying(p -> assertThat(p).contains("\\u0009"));
    assertThat(StreamNames.problemWith(".."))
        .hasValueSatisfying(p -> assertThat(p).contains("not a valid name"));
    assertThat(StreamNames.problemWith("__consumer_offsets"))
        .hasValueSatisfying(p -> assertThat(p).contains("internal"));
    assertThat(StreamNames.problemWith("x".repeat(250)))
        .hasValueSatisfying(p -> assertThat(p).contains("limit is 249"));
  }

  @Test
  void namesThatDifferOnlyInDotAndUnderscoreCollide() {
    assertThat(StreamNames.collide("a.b", "a_b")).isTrue();
    assertThat(StreamNames.collide("a_b.c", "a.b_c")).isTrue();
    assertThat(StreamNames.collide("a.b", "a.b")).as("the same name").isFalse();
    assertThat(StreamNames.collide("a.b", "a-b")).isFalse();
    assertThat(StreamNames.collide("ab", "a_b")).isFalse();
  }

  @Test
  void printableEscapesWhatAMessageCannotShow() {
    assertThat(StreamNames.printable("a\u0085b\ud800c\uffff"))
        .isEqualTo("a\\u0085b\\ud800c\\uffff");
  }
}
