package io.eventgateway.app.observe;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last publish failures, newest first, for the status page: when, on which stream, the status
 * and message the publisher got, and the request id of its call. Bounded: the oldest go first, and
 * every text is cut to a fixed length, so no client can make it grow. Thread-safe.
 */
public final class RecentErrors {
  static final int KEPT = 50;
  private static final int MAX_TEXT = 300;

  /**
   * One failure.
   *
   * @param time when the publisher got the outcome
   * @param stream the stream as the publisher named it (cut to 300 characters)
   * @param status the gRPC status code's name
   * @param message the status message (cut to 300 characters)
   * @param requestId the call's request id, empty when unknown
   */
  public record Entry(
      String time, String stream, String status, String message, String requestId) {}

  private final Deque<Entry> entries = new ArrayDeque<>(KEPT);

  void add(Instant time, String stream, String status, String message, String requestId) {
    Entry entry =
        new Entry(
            time.toString(),
            cut(stream),
            status,
            cut(message),
            requestId == null ? "" : cut(requestId));
    synchronized (entries) {
      if (entries.size() == KEPT) {
        entries.removeLast();
      }
      entries.addFirst(entry);
    }
  }

  /** The failures kept, newest first. */
  public List<Entry> latest() {
    synchronized (entries) {
      return new ArrayList<>(entries);
    }
  }

  private static String cut(String text) {
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
  }
}
