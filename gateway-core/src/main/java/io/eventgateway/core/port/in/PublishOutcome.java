package io.eventgateway.core.port.in;

import io.eventgateway.core.domain.LogPosition;

/** The result of publishing one event. */
public sealed interface PublishOutcome {

  /** The event's id: the publisher's, or the one the gateway generated. */
  String eventId();

  /** The stream's name as the publisher gave it. */
  String stream();

  /**
   * The log has the event with the stream's durability.
   *
   * @param eventId the event's id
   * @param stream the stream
   * @param position where the event was written
   * @param duplicate whether this publish found the event already written (or being written) with
   *     the same id and content, within the deduplication window, and did not write it again:
   *     {@code position} is then where the first one was written
   */
  record Written(String eventId, String stream, LogPosition position, boolean duplicate)
      implements PublishOutcome {

    /** An event this publish wrote. */
    public Written(String eventId, String stream, LogPosition position) {
      this(eventId, stream, position, false);
    }
  }

  /**
   * The event was not published (or, for {@link PublishFailure.Reason#OUTCOME_UNKNOWN}, may have
   * been).
   *
   * @param eventId the event's id
   * @param stream the stream
   * @param failure why
   */
  record Failed(String eventId, String stream, PublishFailure failure) implements PublishOutcome {}
}
