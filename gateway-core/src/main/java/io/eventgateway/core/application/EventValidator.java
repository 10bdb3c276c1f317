package io.eventgateway.core.application;

import io.eventgateway.core.domain.CloudEventStrings;
import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.MediaTypes;
import io.eventgateway.core.domain.StreamNames;
import io.eventgateway.core.port.in.EventDraft;
import io.eventgateway.core.port.in.PublishFailure;
import io.eventgateway.core.port.in.PublishFailure.Reason;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Turns a publisher's {@link EventDraft} into an {@link Event}, or says precisely which field is
 * wrong. Every string attribute (id, source, type, subject, data content type, extension values)
 * must be a CloudEvents string ({@link CloudEventStrings}: no control characters, noncharacters or
 * unpaired surrogates), the data content type a media type ({@link MediaTypes}), and extension
 * attribute names CloudEvents names. Stateless and thread-safe.
 */
public final class EventValidator {

  /**
   * CloudEvents context attributes, which the event carries in its own fields and which therefore
   * cannot be extension attributes.
   */
  public static final Set<String> RESERVED_ATTRIBUTES =
      Set.of("id", "source", "specversion", "type", "datacontenttype", "subject", "time", "data");

  /** CloudEvents' advice for attribute names: lower-case ASCII letters and digits, 1-20 long. */
  public static final int MAX_ATTRIBUTE_NAME_LENGTH = 20;

  private final PublishLimits limits;

  public EventValidator(PublishLimits limits) {
    this.limits = limits;
  }

  public PublishLimits limits() {
    return limits;
  }

  /**
   * Validates {@code draft}.
   *
   * @param id the event id to use: the draft's, or a generated one when the draft had none
   * @param receivedAt the time to use when the draft has none
   * @throws InvalidEventException naming the first field at fault
   */
  public Event validate(EventDraft draft, String id, Instant receivedAt) {
    requireString(id, "id", limits.maxIdLength());
    requireText(draft.source(), "source", limits.maxFieldLength());
    requireText(draft.type(), "type", limits.maxFieldLength());
    requireText(draft.subject(), "subject", limits.maxFieldLength());
    requireMediaType(draft.dataContentType(), limits.maxFieldLength());
    if (draft.data().size() > limits.maxDataBytes()) {
      throw invalid(
          "data",
          "is " + draft.data().size() + " bytes; the limit is " + limits.maxDataBytes() + " bytes");
    }
    validateAttributes(draft.attributes());
    Instant time = draft.time() != null ? draft.time() : receivedAt;
    return new Event(
        id,
        draft.source(),
        draft.type(),
        draft.subject(),
        time,
        draft.dataContentType(),
        draft.data(),
        draft.attributes());
  }

  private void validateAttributes(Map<String, String> attributes) {
    if (attributes.size() > limits.maxAttributes()) {
      throw invalid(
          "attributes",
          "has " + attributes.size() + " entries; the limit is " + limits.maxAttributes());
    }
    for (Map.Entry<String, String> attribute : attributes.entrySet()) {
      String name = attribute.getKey();
      if (!isAttributeName(name)) {
        throw invalid(
            "attributes",
            "key '"
                + StreamNames.printable(name)
                + "' is not a CloudEvents attribute name (1-"
                + MAX_ATTRIBUTE_NAME_LENGTH
                + " characters a-z and 0-9)");
      }
      if (RESERVED_ATTRIBUTES.contains(name)) {
        throw invalid(
            "attributes",
            "key '"
                + name
                + "' is reserved: it is a CloudEvents context attribute; use the event's field");
      }
      String value = attribute.getValue();
      requireString(value, "attributes." + name, limits.maxAttributeValueLength());
      if (name.equals(Event.PARTITION_KEY_ATTRIBUTE) && value.isEmpty()) {
        throw invalid("attributes." + name, "must not be empty: it is the entity key");
      }
    }
  }

  /** Whether {@code name} follows CloudEvents' naming: 1-20 characters, a-z and 0-9 only. */
  public static boolean isAttributeName(String name) {
    int length = name.length();
    if (length == 0 || length > MAX_ATTRIBUTE_NAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  private static void requireText(String value, String field, int maxLength) {
    if (value.isEmpty()) {
      throw invalid(field, "is required");
    }
    requireString(value, field, maxLength);
  }

  /** At most {@code maxLength} characters, and a CloudEvents string. */
  private static void requireString(String value, String field, int maxLength) {
    if (value.length() > maxLength) {
      throw invalid(field, "is " + value.length() + " characters long; the limit is " + maxLength);
    }
    CloudEventStrings.problemWith(value)
        .ifPresent(
            problem -> {
              throw invalid(field, problem);
            });
  }

  /** Empty (none given), or a media type. */
  private static void requireMediaType(String value, int maxLength) {
    requireString(value, "data_content_type", maxLength);
    if (!value.isEmpty()) {
      MediaTypes.problemWith(value)
          .ifPresent(
              problem -> {
                throw invalid("data_content_type", problem);
              });
    }
  }

  private static InvalidEventException invalid(String field, String description) {
    return new InvalidEventException(
        new PublishFailure(Reason.INVALID_ARGUMENT, field, description));
  }

  /** An event that failed validation; carries the failure. Has no stack trace. */
  public static final class InvalidEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient PublishFailure failure;

    InvalidEventException(PublishFailure failure) {
      super(failure.message(), null, false, false);
      this.failure = failure;
    }

    public PublishFailure failure() {
      return failure;
    }
  }
}
