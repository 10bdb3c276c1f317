package io.eventgateway.core.domain;

import java.util.Optional;

/**
 * The rule for a CloudEvents {@code datacontenttype}: a media type as RFC 2046 defines it, in the
 * syntax of RFC 7231 section 3.1.1.1: {@code type "/" subtype *( OWS ";" OWS parameter )}, where
 * type, subtype and a parameter's name are RFC 7230 tokens and a parameter's value is a token or a
 * quoted-string. Stricter than RFC 7230 in one point: only ASCII is allowed, also in a
 * quoted-string (RFC 7230's {@code obs-text} is obsolete), and only spaces as whitespace (a tab is
 * a control character, which no CloudEvents string may hold).
 *
 * <p>Stateless and thread-safe.
 */
public final class MediaTypes {

  private MediaTypes() {}

  /**
   * Why {@code value} is not a media type, or empty when it is one. The value is assumed to hold no
   * control characters ({@link CloudEventStrings} checks those first).
   */
  public static Optional<String> problemWith(String value) {
    Parser parser = new Parser(value);
    return Optional.ofNullable(parser.mediaType()).map(problem -> quoted(value) + problem);
  }

  /** Whether {@code c} is an RFC 7230 {@code tchar}. */
  static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  private static String quoted(String value) {
    return "'" + StreamNames.printable(value) + "' ";
  }

  /** A recursive-descent reader of one media type; each method returns a problem or null. */
  private static final class Parser {
    private final String text;
    private int at;

    Parser(String text) {
      this.text = text;
    }

    String mediaType() {
      if (token() == 0) {
        return "is not a media type: it must start with a type, as in 'application/json'"
            + atPosition();
      }
      if (!take('/')) {
        return "is not a media type: the type must be followed by '/' and a subtype, as in"
            + " 'application/json'"
            + atPosition();
      }
      if (token() == 0) {
        return "is not a media type: '/' must be followed by a subtype" + atPosition();
      }
      while (true) {
        spaces();
        if (at == text.length()) {
          return null;
        }
        if (!take(';')) {
          return "is not a media type: expected ';' and a parameter" + atPosition();
        }
        spaces();
        if (token() == 0) {
          return "is not a media type: a parameter must have a name" + atPosition();
        }
        if (!take('=')) {
          return "is not a media type: a parameter's name must be followed by '='" + atPosition();
        }
        String problem = parameterValue();
        if (problem != null) {
          return problem;
        }
      }
    }

    private String parameterValue() {
      if (at < text.length() && text.charAt(at) == '"') {
        return quotedString();
      }
      if (token() == 0) {
        return "is not a media type: a parameter's value must be a token or a quoted string"
            + atPosition();
      }
      return null;
    }

    private String quotedString() {
      at++; // the opening quote
      while (at < text.length()) {
        char c = text.charAt(at);
        if (c == '"') {
          at++;
          return null;
        }
        if (c == '\\') {
          at++;
          if (at == text.length()) {
            break;
          }
          c = text.charAt(at);
        }
        if (c < 0x20 || c > 0x7e) {
          return "is not a media type: a quoted string may only hold printable ASCII"
              + atPosition();
        }
        at++;
      }
      return "is not a media type: a quoted string is not closed" + atPosition();
    }

    /** Reads a token; returns its length. */
    private int token() {
      int start = at;
      while (at < text.length() && isTokenChar(text.charAt(at))) {
        at++;
      }
      return at - start;
    }

    private void spaces() {
      while (at < text.length() && text.charAt(at) == ' ') {
        at++;
      }
    }

    private boolean take(char expected) {
      if (at < text.length() && text.charAt(at) == expected) {
        at++;
        return true;
      }
      return false;
    }

    private String atPosition() {
      return at >= text.length() ? " (at its end)" : " (at index " + at + ")";
    }
  }
}
