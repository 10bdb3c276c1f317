package io.eventgateway.bench;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations on the command line: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or ISO-8601.
 */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (text.startsWith("p")) {
        return Duration.parse(text.toUpperCase(Locale.ROOT));
      }
      if (text.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).trim()));
      }
      long amount = Long.parseLong(text.substring(0, text.length() - 1).trim());
      Duration parsed =
          switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> null;
          };
      if (parsed != null) {
        return parsed;
      }
    } catch (RuntimeException unreadable) {
      // reported below
    }
    throw new TypeConversionException(
        "'" + value + "' is not a duration; write e.g. 500ms, 30s, 2m, 1h");
  }
}
