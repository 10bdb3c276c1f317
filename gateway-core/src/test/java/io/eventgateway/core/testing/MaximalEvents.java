package io.eventgateway.core.testing;

import io.eventgateway.core.application.EventValidator;
import io.eventgateway.core.application.PublishLimits;
import io.eventgateway.core.domain.Event;
import io.eventgateway.core.domain.Payload;
import io.eventgateway.core.port.in.EventDraft;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The largest events that are valid under given limits, for tests that check that the log takes
 * every valid event: every field and attribute value at its longest in characters that take 3 bytes
 * in UTF-8 (the data content type, which must be a media type and so ASCII, at its longest in
 * ASCII), as many attributes as allowed with 20-character names, a {@code partitionkey} (so the
 * entity key is as long as an attribute value may be), the latest time a publisher can send, and
 * data of exactly the largest size. Text and data are random, so compression cannot shrink them
 * much.
 */
public final class MaximalEvents {
  /** The latest time a publisher can send, whose RFC 3339 text is the longest in that range. */
  public static final Instant LATEST_TIME = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private MaximalEvents() {}

  /** A maximal draft under {@code limits}; {@code random} makes its text and data. */
  public static EventDraft draft(PublishLimits limits, Random random) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(Event.PARTITION_KEY_ATTRIBUTE, text(limits.maxAttributeValueLength(), random));
    for (int i = 1; attributes.size() < limits.maxAttributes(); i++) {
      attributes.put(attributeName(i), text(limits.maxAttributeValueLength(), random));
    }
    byte[] data = new byte[limits.maxDataBytes()];
    random.nextBytes(data);
    return new EventDraft(
        text(limits.maxIdLength(), random),
        text(limits.maxFieldLength(), random),
        text(limits.maxFieldLength(), random),
        text(limits.maxFieldLength(), random),
        LATEST_TIME,
        mediaType(limits.maxFieldLength()),
        Payload.copyOf(data),
        attributes);
  }

  /** A maximal event under {@code limits}, validated by the core's own validator. */
  public static Event event(PublishLimits limits, Random random) {
    EventDraft draft = draft(limits, random);
    return new EventValidator(limits).validate(draft, draft.id(), Instant.EPOCH);
  }

  /**
   * {@code length} random characters from the CJK block (U+4E00 to U+9FFF), each one UTF-16 unit
   * and 3 bytes in UTF-8: the most bytes per counted character.
   */
  public static String text(int length, Random random) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) (0x4E00 + random.nextInt(0x9FFF - 0x4E00 + 1)));
    }
    return text.toString();
  }

  /** A media type of exactly {@code length} characters (at least 3): "a/bbb...". */
  public static String mediaType(int length) {
    return "a/" + "b".repeat(length - 2);
  }

  /** A valid extension attribute name of the longest length: {@code a} and 19 digits. */
  private static String attributeName(int number) {
    String name = String.format(Locale.ROOT, "a%019d", number);
    if (name.length() != EventValidator.MAX_ATTRIBUTE_NAME_LENGTH) {
      throw new IllegalStateException("not a longest attribute name: " + name);
    }
    return name;
  }
}
