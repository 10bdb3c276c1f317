package io.eventgateway.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloudEventStringsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/orders/eu",
        "Grüße, 世界",
        "emoji \uD83D\uDE00 paired",
        "\u00a0 after the C1 range",
        "\ufffd replacement character"
      })
  void acceptsAllowableUnicode(String value) {
    assertThat(CloudEventStrings.problemWith(value)).isEmpty();
  }

  @Test
  void refusesEveryControlCharacterNamingItAndItsIndex() {
    for (int c = 0; c <= 0x9f; c = c == 0x1f ? 0x7f : c + 1) {
      String value = "ab" + (char) c;
      String expected = String.format("U+%04X", c);
      assertThat(CloudEventStrings.problemWith(value))
          .as(expected)
          .hasValueSatisfying(
              p ->
                  assertThat(p)
                      .startsWith("holds the control character " + expected + " at index 2")
                      .contains("U+0000-U+001F or U+007F-U+009F"));
    }
  }

  @Test
  void namesTheFirstOfSeveralBadCharacters() {
    assertThat(CloudEventStrings.problemWith("a\r\nb"))
        .hasValueSatisfying(p -> assertThat(p).startsWith("holds the control character U+000D"));
  }

  @Test
  void refusesUnpairedSurrogates() {
    assertThat(CloudEventStrings.problemWith("x\uDEAD"))
        .contains("holds an unpaired surrogate U+DEAD at index 1");
    assertThat(CloudEventStrings.problemWith("\uD800x"))
        .contains("holds an unpaired surrogate U+D800 at index 0");
    assertThat(CloudEventStrings.problemWith("end\uD800"))
        .contains("holds an unpaired surrogate U+D800 at index 3");
    assertThat(CloudEventStrings.problemWith("\uD800\uDEAD")).as("a proper pair").isEmpty();
  }

  @Test
  void refusesNoncharacters() {
    assertThat(CloudEventStrings.problemWith("\uFFFF"))
        .hasValueSatisfying(p -> assertThat(p).startsWith("holds the Unicode noncharacter U+FFFF"));
    assertThat(CloudEventStrings.problemWith("a\uFDD0"))
        .hasValueSatisfying(p -> assertThat(p).contains("U+FDD0 at index 1"));
    // U+1FFFE, as a surrogate pair
    assertThat(CloudEventStrings.problemWith(new String(Character.toChars(0x1fffe))))
        .hasValueSatisfying(p -> assertThat(p).contains("U+1FFFE at index 0"));
    assertThat(CloudEventStrings.problemWith("\uFDEF\uFDF0"))
        .hasValueSatisfying(p -> assertThat(p).contains("U+FDEF at index 0"));
    assertThat(CloudEventStrings.problemWith("\uFDF0")).isEmpty();
  }
}
