package io.eventgateway.core.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for stream names. A stream name is also its topic name, so it follows Kafka's topic
 * rules (ASCII letters, digits, '.', '_', '-', at most 249 characters, not "." or "..") and the
 * gateway's own: internal names (starting with "__") are never streams.
 */
public final class StreamNames {
  public static final int MAX_LENGTH = 249;
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

  private StreamNames() {}

  /** Why {@code name} cannot be a stream name, or empty when it can. */
  public static Optional<String> problemWith(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("is required");
    }
    if (name.length() > MAX_LENGTH) {
      return Optional.of("is " + name.length() + " characters long; the limit is " + MAX_LENGTH);
    }
    if (!LEGAL.matcher(name).matches()) {
      return Optional.of(
          "'" + printable(name) + "' may only contain ASCII letters, digits, '.', '_' and '-'");
    }
    if (name.equals(".") || name.equals("..")) {
      return Optional.of("'" + name + "' is not a valid name");
    }
    if (name.startsWith("__")) {
      return Optional.of("'" + name + "' is an internal name (starts with '__')");
    }
    return Optional.empty();
  }

  /** {@code name} cut to 64 characters with control characters escaped, for error messages. */
  public static String printable(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length() && out.length() < 64; i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return name.length() > 64 ? out + "..." : out.toString();
  }
}
