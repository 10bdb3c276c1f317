package io.eventgateway.core.domain;

import java.util.Optional;

/**
 * What a CloudEvents 1.0 {@code String} may hold ("Type System": a sequence of allowable Unicode
 * characters). Disallowed: the control characters U+0000-U+001F and U+007F-U+009F, Unicode's
 * noncharacters (U+FDD0-U+FDEF and the last two code points of every plane, U+FFFE, U+FFFF,
 * U+1FFFE, ...), and surrogates that are not properly paired. A value that breaks these rules
 * cannot travel in an HTTP header or a CloudEvents binding's header ({@code ce_*}) as it was sent.
 *
 * <p>Stateless and thread-safe.
 */
public final class CloudEventStrings {

  private CloudEventStrings() {}

  /**
   * Why {@code value} is not a CloudEvents string, naming the first character at fault and where it
   * is ("holds the control character U+000A at index 3"), or empty when it is one.
   */
  public static Optional<String> problemWith(String value) {
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        continue; // printable ASCII, by far the most common
      }
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        return Optional.of(
            "holds the control character "
                + codePoint(c)
                + " at index "
                + i
                + "; CloudEvents strings may not hold U+0000-U+001F or U+007F-U+009F");
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
          int codePoint = Character.toCodePoint(c, value.charAt(i + 1));
          if (isNoncharacter(codePoint)) {
            return Optional.of(noncharacter(codePoint, i));
          }
          i++;
          continue;
        }
        return Optional.of(unpaired(c, i));
      }
      if (Character.isLowSurrogate(c)) {
        return Optional.of(unpaired(c, i));
      }
      if (isNoncharacter(c)) {
        return Optional.of(noncharacter(c, i));
      }
    }
    return Optional.empty();
  }

  /** Whether {@code codePoint} is one of Unicode's 66 noncharacters. */
  static boolean isNoncharacter(int codePoint) {
    return (codePoint >= 0xfdd0 && codePoint <= 0xfdef) || (codePoint & 0xfffe) == 0xfffe;
  }

  /** "U+000A", "U+1FFFE". */
  public static String codePoint(int codePoint) {
    return String.format("U+%04X", codePoint);
  }

  private static String unpaired(char surrogate, int index) {
    return "holds an unpaired surrogate " + codePoint(surrogate) + " at index " + index;
  }

  private static String noncharacter(int codePoint, int index) {
    return "holds the Unicode noncharacter "
        + codePoint(codePoint)
        + " at index "
        + index
        + "; CloudEvents strings may not hold noncharacters";
  }
}
