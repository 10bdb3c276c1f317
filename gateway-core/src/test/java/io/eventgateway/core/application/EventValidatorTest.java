package io.eventgateway.core.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventgateway.core.application.EventValidator.InvalidEventException;
import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.Payload;
import io.eventgateway.core.port.in.EventDraft;
import io.eventgateway.core.port.in.PublishFailure;
import io.eventgateway.core.testing.TestLimits;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventValidatorTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private final EventValidator validator =
      new EventValidator(TestLimits.TYPICAL.withMaxDataBytes(16));

  private static EventDraft draft(Map<String, String> attributes) {
    return new EventDraft(
        "e-1", "/src", "t", "subj", null, "text/plain", Payload.copyOf(new byte[] {1}), attributes);
  }

  private PublishFailure failureOf(EventDraft draft) {
    InvalidEventException invalid =
        (InvalidEventException)
            org.assertj.core.api.Assertions.catchThrowable(
                () -> validator.validate(draft, draft.id(), NOW));
    assertThat(invalid).as("validation must fail").isNotNull();
    assertThat(invalid.failure().reason()).isEqualTo(PublishFailure.Reason.INVALID_ARGUMENT);
    return invalid.failure();
  }

  @Test
  void acceptsAValidEventAndStampsTheReceiveTimeWhenNoneWasSent() {
    Event event = validator.validate(draft(Map.of("tenant", "acme")), "e-1", NOW);
    assertThat(event.time()).isEqualTo(NOW);
    assertThat(event.entityKey()).isEqualTo("subj");
    assertThat(event.attributes()).containsEntry("tenant", "acme");
  }

  @Test
  void keepsTheEventTimeWhenSent() {
    Instant sent = Instant.parse("2020-01-01T00:00:00Z");
    EventDraft draft = new EventDraft("e", "/s", "t", "subj", sent, "", Payload.empty(), Map.of());
    assertThat(validator.validate(draft, "e", NOW).time()).isEqualTo(sent);
  }

  @Test
  void namesEachMissingRequiredField() {
    Payload data = Payload.empty();
    assertThat(failureOf(new EventDraft("e", "", "t", "s", null, "", data, Map.of())).message())
        .isEqualTo("source is required");
    assertThat(failureOf(new EventDraft("e", "/s", "", "s", null, "", data, Map.of())).message())
        .isEqualTo("type is required");
    assertThat(failureOf(new EventDraft("e", "/s", "t", "", null, "", data, Map.of())).message())
        .isEqualTo("subject is required");
  }

  @Test
  void rejectsDataOverTheLimit() {
    EventDraft draft =
        new EventDraft("e", "/s", "t", "s", null, "", Payload.copyOf(new byte[17]), Map.of());
    assertThat(failureOf(draft).message()).isEqualTo("data is 17 bytes; the limit is 16 bytes");
  }

  @Test
  void rejectsOverlongFields() {
    String longText = "x".repeat(1025);
    assertThat(
            failureOf(new EventDraft("e", "/s", "t", longText, null, "", Payload.empty(), Map.of()))
                .field())
        .isEqualTo("subject");
    assertThat(
            failureOf(
                    new EventDraft(
                        "x".repeat(257), "/s", "t", "s", null, "", Payload.empty(), Map.of()))
                .field())
        .isEqualTo("id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Tenant", "with-dash", "under_score", "a23456789012345678901", ""})
  void rejectsAttributeNamesThatAreNotCloudEventsNames(String name) {
    PublishFailure failure = failureOf(draft(Map.of(name, "v")));
    assertThat(failure.field()).isEqualTo("attributes");
    assertThat(failure.description())
        .contains("'" + name + "'")
        .contains("not a CloudEvents attribute name");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "id",
        "source",
        "specversion",
        "type",
        "datacontenttype",
        "subject",
        "time",
        "data"
      })
  void rejectsReservedAttributeNames(String name) {
    PublishFailure failure = failureOf(draft(Map.of(name, "v")));
    assertThat(failure.description()).contains("'" + name + "' is reserved");
  }

  @Test
  void rejectsTooManyAttributes() {
    Map<String, String> attributes = new HashMap<>();
    for (int i = 0; i < 33; i++) {
      attributes.put("a" + i, "v");
    }
    assertThat(failureOf(draft(attributes)).message())
        .isEqualTo("attributes has 33 entries; the limit is 32");
  }

  @Test
  void rejectsOverlongAttributeValuesAndAnEmptyPartitionKey() {
    assertThat(failureOf(draft(Map.of("big", "v".repeat(4097)))).field())
        .isEqualTo("attributes.big");
    assertThat(failureOf(draft(Map.of("partitionkey", ""))).field())
        .isEqualTo("attributes.partitionkey");
  }

  @Test
  void partitionKeyAttributeBecomesTheEntityKey() {
    Event event = validator.validate(draft(Map.of("partitionkey", "tenant-7")), "e", NOW);
    assertThat(event.entityKey()).isEqualTo("tenant-7");
  }

  @Test
  void attributeNameRuleAcceptsLowercaseLettersAndDigits() {
    assertThat(EventValidator.isAttributeName("traceparent")).isTrue();
    assertThat(EventValidator.isAttributeName("a1234567890123456789")).isTrue();
    assertThatThrownBy(() -> validator.validate(draft(Map.of("é", "v")), "e", NOW))
        .isInstanceOf(InvalidEventException.class);
  }

  @Test
  void refusesControlCharactersInEveryStringAttributeNamingTheField() {
    String lf = "a" + (char) 0x0a + "b";
    Payload data = Payload.empty();
    Map<String, PublishFailure> failures =
        Map.of(
            "id", failureOf(new EventDraft(lf, "/s", "t", "s", null, "", data, Map.of())),
            "source", failureOf(new EventDraft("e", lf, "t", "s", null, "", data, Map.of())),
            "type", failureOf(new EventDraft("e", "/s", lf, "s", null, "", data, Map.of())),
            "subject", failureOf(new EventDraft("e", "/s", "t", lf, null, "", data, Map.of())),
            "data_content_type",
                failureOf(new EventDraft("e", "/s", "t", "s", null, lf, data, Map.of())),
            "attributes.tenant", failureOf(draft(Map.of("tenant", lf))));
    failures.forEach(
        (field, failure) -> {
          assertThat(failure.field()).isEqualTo(field);
          assertThat(failure.description())
              .as(field)
              .startsWith("holds the control character U+000A at index 1");
        });
  }

  @Test
  void refusesNulAndC1ControlsAndUnpairedSurrogates() {
    assertThat(failureOf(draft(Map.of("tenant", "x" + (char) 0))).message())
        .startsWith("attributes.tenant holds the control character U+0000 at index 1");
    assertThat(
            failureOf(
                    new EventDraft("e", "/s\u0085", "t", "s", null, "", Payload.empty(), Map.of()))
                .message())
        .startsWith("source holds the control character U+0085 at index 2");
    assertThat(
            failureOf(
                    new EventDraft("e", "/s", "t", "s\uD800", null, "", Payload.empty(), Map.of()))
                .message())
        .isEqualTo("subject holds an unpaired surrogate U+D800 at index 1");
  }

  @Test
  void anAttributeKeyWithAControlCharacterIsRefusedWithTheCharacterEscaped() {
    PublishFailure failure = failureOf(draft(Map.of("ten" + (char) 0x0d + "ant", "v")));
    assertThat(failure.field()).isEqualTo("attributes");
    assertThat(failure.description())
        .isEqualTo(
            "key 'ten\\u000dant' is not a CloudEvents attribute name (1-20 characters a-z and"
                + " 0-9)");
  }

  @Test
  void theDataContentTypeMustBeAMediaType() {
    PublishFailure failure =
        failureOf(new EventDraft("e", "/s", "t", "s", null, "json", Payload.empty(), Map.of()));
    assertThat(failure.field()).isEqualTo("data_content_type");
    assertThat(failure.description()).startsWith("'json' is not a media type");
    assertThat(
            validator
                .validate(
                    new EventDraft(
                        "e",
                        "/s",
                        "t",
                        "s",
                        null,
                        "application/json; charset=utf-8",
                        Payload.empty(),
                        Map.of()),
                    "e",
                    NOW)
                .dataContentType())
        .isEqualTo("application/json; charset=utf-8");
  }
}
