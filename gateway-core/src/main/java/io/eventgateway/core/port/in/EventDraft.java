package io.eventgateway.core.port.in;

import io.eventgateway.core.domain.Payload;
import java.time.Instant;
import java.util.Map;

/**
 * An event as a publisher sent it, before validation. Absent text fields are empty strings (as in
 * protobuf), an absent time is {@code null}.
 *
 * @param id the event id; empty asks the gateway to generate one
 * @param source the source
 * @param type the type
 * @param subject the subject (entity key)
 * @param time the event time, or {@code null}
 * @param dataContentType the data's media type, or empty
 * @param data the data
 * @param attributes extension attributes as sent
 */
public record EventDraft(
    String id,
    String source,
    String type,
    String subject,
    Instant time,
    String dataContentType,
    Payload data,
    Map<String, String> attributes) {

  public EventDraft {
    id = id == null ? "" : id;
    source = source == null ? "" : source;
    type = type == null ? "" : type;
    subject = subject == null ? "" : subject;
    dataContentType = dataContentType == null ? "" : dataContentType;
    data = data == null ? Payload.empty() : data;
    attributes = attributes == null ? Map.of() : attributes;
  }
}
