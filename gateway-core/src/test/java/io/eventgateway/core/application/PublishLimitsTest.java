package io.eventgateway.core.application;

import static io.eventgateway.core.application.PublishLimits.ATTRIBUTE_ALLOWANCE;
import static io.eventgateway.core.application.PublishLimits.FORMATTED_VALUE_ALLOWANCE;
import static io.eventgateway.core.application.PublishLimits.MAX_UTF8_BYTES_PER_CHAR;
import static io.eventgateway.core.application.PublishLimits.RECORD_FRAMING_ALLOWANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgateway.core.domain.Event;
import io.eventgateway.core.testing.MaximalEvents;
import io.eventgateway.core.testing.TestLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublishLimitsTest {

  @Test
  void theDefaultBoundFollowsTheDocumentedFormula() {
    long content =
        1024 * 1024 // data
            + 3 * 4096 // the entity key: a partitionkey of 4096 characters
            + 3 * (256 + 4 * 1024) // id; source, type, subject, data content type
            + 2 * 64 // spec version and time
            + 32 * 3 * 4096 // 32 extension attribute values
            + (7 + 32) * 64; // names and lengths of 39 attributes
    assertThat(content).isEqualTo(1_469_760);

    assertThat(TestLimits.TYPICAL.maxRecordBytes())
        .isEqualTo(content + content / 1024 + 16 * 1024)
        .isEqualTo(1_487_579)
        .as("more than Kafka's default max.request.size of 1 MiB, which is the bug this fixes")
        .isGreaterThan(1_048_576);
  }

  @Test
  void theContentOfAMaximalEventFitsInTheBoundWithoutItsFramingAllowance() {
    Event event = MaximalEvents.event(TestLimits.TYPICAL, new Random(7));

    long content = (long) event.data().size() + utf8(event.entityKey());
    for (String value :
        new String[] {
          event.id(),
          event.source(),
          event.type(),
          event.subject(),
          event.dataContentType(),
          "1.0",
          DateTimeFormatter.ISO_INSTANT.format(event.time())
        }) {
      content += ATTRIBUTE_ALLOWANCE + utf8(value);
    }
    for (Map.Entry<String, String> attribute : event.attributes().entrySet()) {
      assertThat(utf8(attribute.getKey())).isLessThanOrEqualTo(ATTRIBUTE_ALLOWANCE - 16 - 10);
      content += ATTRIBUTE_ALLOWANCE + utf8(attribute.getValue());
    }

    assertThat(event.attributes()).hasSize(32);
    assertThat(event.entityKey()).hasSize(4096);
    assertThat(content)
        .as("a maximal event's content, with the per-attribute allowance")
        .isLessThanOrEqualTo(TestLimits.TYPICAL.maxRecordBytes() - RECORD_FRAMING_ALLOWANCE)
        .as("and the maximal event is really near the bound: the text is 3 bytes a character")
        .isGreaterThan(TestLimits.TYPICAL.maxRecordBytes() - RECORD_FRAMING_ALLOWANCE - 4096);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "\u00e9", "\u20ac", "\uffff", "\ud83d\ude00", "\ud800", "x\udc00y"})
  void noCountedCharacterTakesMoreThanThreeBytesInUtf8(String text) {
    assertThat(utf8(text)).isLessThanOrEqualTo(MAX_UTF8_BYTES_PER_CHAR * text.length());
  }

  @Test
  void threeBytesACharacterIsReached() {
    String euros = "\u20ac".repeat(1024);

    assertThat(utf8(euros)).isEqualTo(MAX_UTF8_BYTES_PER_CHAR * euros.length());
  }

  @Test
  void theTimeAllowanceHoldsTheTextOfAnyInstant() {
    for (Instant instant : new Instant[] {Instant.MIN, Instant.MAX, MaximalEvents.LATEST_TIME}) {
      assertThat(DateTimeFormatter.ISO_INSTANT.format(instant).length())
          .isLessThanOrEqualTo(FORMATTED_VALUE_ALLOWANCE);
    }
  }

  @Test
  void everyLimitOnWhatAnEventHoldsRaisesTheBoundAndTheBatchLimitDoesNot() {
    PublishLimits base = new PublishLimits(1000, 4, 100, 100, 100, 10);
    int bound = base.maxRecordBytes();

    assertThat(base.withMaxDataBytes(1001).maxRecordBytes()).isGreaterThan(bound);
    assertThat(new PublishLimits(1000, 5, 100, 100, 100, 10).maxRecordBytes()).isGreaterThan(bound);
    assertThat(new PublishLimits(1000, 4, 101, 100, 100, 10).maxRecordBytes()).isGreaterThan(bound);
    assertThat(new PublishLimits(1000, 4, 100, 101, 100, 10).maxRecordBytes()).isGreaterThan(bound);
    assertThat(new PublishLimits(1000, 4, 100, 100, 101, 10).maxRecordBytes()).isGreaterThan(bound);
    assertThat(base.withMaxBatchEvents(1000).maxRecordBytes()).isEqualTo(bound);
  }

  @Test
  void theEntityKeyIsTheLongerOfSubjectAndPartitionKey() {
    // fields longer than attribute values: the key is a subject; a longer field limit grows the
    // key and the 4 context values of that limit by 3 bytes each (plus compression's 1/1024)
    assertThat(
            new PublishLimits(1000, 4, 100, 5001, 100, 10).maxRecordBytes()
                - new PublishLimits(1000, 4, 100, 5000, 100, 10).maxRecordBytes())
        .isBetween(5 * 3, 5 * 3 + 1);
    // attribute values longer than fields: the key is a partitionkey; a longer field limit grows
    // only the 4 context values
    assertThat(
            new PublishLimits(1000, 4, 5000, 101, 100, 10).maxRecordBytes()
                - new PublishLimits(1000, 4, 5000, 100, 100, 10).maxRecordBytes())
        .isBetween(4 * 3, 4 * 3 + 1);
  }

  @Test
  void limitsWhoseRecordsNoLogCouldHoldAreRefused() {
    assertThatThrownBy(() -> new PublishLimits(Integer.MAX_VALUE, 32, 4096, 1024, 256, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2147483647 bytes a log record can have");
    assertThatThrownBy(() -> new PublishLimits(1, Integer.MAX_VALUE, Integer.MAX_VALUE, 1, 1, 1))
        .as("even when the bound overflows a long")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower maxDataBytes, maxAttributes or maxAttributeValueLength");
  }

  private static int utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
