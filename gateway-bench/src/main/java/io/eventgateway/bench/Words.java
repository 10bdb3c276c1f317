package io.eventgateway.bench;

import java.util.ArrayList;
import java.util.List;

/** Splits text at runs of whitespace. */
final class Words {
  private Words() {}

  /** The non-empty, whitespace-separated words of {@code text}. */
  static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= text.length(); i++) {
      boolean space = i == text.length() || Character.isWhitespace(text.charAt(i));
      if (space && start >= 0) {
        words.add(text.substring(start, i));
        start = -1;
      } else if (!space && start < 0) {
        start = i;
      }
    }
    return words;
  }
}
