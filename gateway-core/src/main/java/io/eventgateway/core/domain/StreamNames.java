package io.eventgateway.core.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for stream names. A stream name is also its topic name, so it follows Kafka's topic
 * rules (ASCII letters, digits, '.', '_', '-', at most 249 characters, not "." or "..") and the
 * gateway's own: internal names (starting with "__") are never streams. Two names that differ only
 * in '.' and '_' collide ({@link #collide}): Kafka refuses to create a topic whose name collides
 * with an existing one, because both would have the same metric names.
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

  /**
   * Whether streams {@code a} and {@code b} cannot both exist: they are different but equal once
   * every '.' is read as '_' (Kafka's rule for topic names, whose metrics replace '.' with '_').
   */
  public static boolean collide(String a, String b) {
    return !a.equals(b) && a.replace('.', '_').equals(b.replace('.', '_'));
  }

  /**
   * {@code name} cut to 64 characters, for error messages: control characters (U+0000-U+001F,
   * U+007F-U+009F), surrogates and the noncharacters U+FFFE and U+FFFF escaped as a backslash, "u"
   * and four hex digits.
   */
  public static String printable(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length() && out.length() < 64; i++) {
      char c = name.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c) || c >= 0xfffe) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return name.length() > 64 ? out + "..." : out.toString();
  }
}
