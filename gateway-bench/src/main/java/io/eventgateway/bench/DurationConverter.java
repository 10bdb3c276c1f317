package io.eventgateway.bench;

import io.eventgateway.app.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations on the command line, written as in the gateway's configuration ({@link Durations}):
 * {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d}, or ISO-8601.
 */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value, "duration");
    } catch (IllegalArgumentException unreadable) {
      throw new TypeConversionException(unreadable.getMessage());
    }
  }
}
