package io.eventgateway.core.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for consumer group names: ASCII letters, digits, '.', '_' and '-', 1 to {@value
 * #MAX_LENGTH} characters, not starting with "__" (Kafka's and the gateway's internal names).
 */
public final class GroupNames {
  public static final int MAX_LENGTH = 200;
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

  private GroupNames() {}

  /** Why {@code name} cannot be a group name, or empty when it can. */
  public static Optional<String> problemWith(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("is required");
    }
    if (name.length() > MAX_LENGTH) {
      return Optional.of("is " + name.length() + " characters long; the limit is " + MAX_LENGTH);
    }
    if (!LEGAL.matcher(name).matches()) {
      return Optional.of(
          "'"
              + StreamNames.printable(name)
              + "' may only contain ASCII letters, digits, '.', '_' and '-'");
    }
    if (name.startsWith("__")) {
      return Optional.of("'" + name + "' is an internal name (starts with '__')");
    }
    return Optional.empty();
  }
}
