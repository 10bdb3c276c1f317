package io.eventgateway.app.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as people write them in configuration: {@code 90d}, {@code 12h}, {@code 30s},
 * {@code 500ms} or ISO-8601.
 */
public final class Durations {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  /**
   * The duration {@code text} names.
   *
   * @param what what the value is, for the error message
   * @throws IllegalArgumentException naming {@code what} when {@code text} is not a duration
   */
  public static Duration parse(String text, String what) {
    String trimmed = text.trim();
    Matcher simple = SIMPLE.matcher(trimmed);
    if (simple.matches()) {
      long amount = Long.parseLong(simple.group(1));
      return switch (simple.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      return Duration.parse(trimmed);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          what + ": '" + text + "' is not a duration (examples: 500ms, 30s, 12h, 90d, P90D)", e);
    }
  }

  /** {@code duration} as people write it in configuration: {@code 7d}, {@code 12h}, {@code 90s}. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0s";
    }
    if (millis % Duration.ofDays(1).toMillis() == 0) {
      return duration.toDays() + "d";
    }
    if (millis % Duration.ofHours(1).toMillis() == 0) {
      return duration.toHours() + "h";
    }
    if (millis % Duration.ofMinutes(1).toMillis() == 0) {
      return duration.toMinutes() + "m";
    }
    if (millis % 1000 == 0) {
      return duration.toSeconds() + "s";
    }
    return millis + "ms";
  }
}
