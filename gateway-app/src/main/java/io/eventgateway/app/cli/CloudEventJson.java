package io.eventgateway.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.eventgateway.api.v1.Delivery;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Reads events in the CloudEvents JSON format (one object per line): {@code id}, {@code source},
 * {@code type}, {@code subject}, {@code time}, {@code datacontenttype}, {@code data} or {@code
 * data_base64}; every other top-level member is an extension attribute.
 *
 * <p>{@code data} that is a JSON string is sent as its UTF-8 text; any other JSON value is sent as
 * JSON text, with content type {@code application/json} unless one is given.
 */
final class CloudEventJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> CONTEXT =
      Set.of(
          "specversion",
          "id",
          "source",
          "type",
          "subject",
          "time",
          "datacontenttype",
          "data",
          "data_base64");

  private CloudEventJson() {}

  /**
   * Parses one line.
   *
   * @throws IllegalArgumentException saying what is wrong with the line
   */
  static Event parse(String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String specVersion = text(object, "specversion");
    if (!specVersion.isEmpty() && !specVersion.equals("1.0")) {
      throw new IllegalArgumentException("specversion '" + specVersion + "' is not 1.0");
    }
    Event.Builder event =
        Event.newBuilder()
            .setId(text(object, "id"))
            .setSource(text(object, "source"))
            .setType(text(object, "type"))
            .setSubject(text(object, "subject"))
            .setDataContentType(text(object, "datacontenttype"));
    String time = text(object, "time");
    if (!time.isEmpty()) {
      event.setTime(timestamp(time));
    }
    JsonNode data = object.get("data");
    JsonNode dataBase64 = object.get("data_base64");
    if (data != null && dataBase64 != null) {
      throw new IllegalArgumentException("has both data and data_base64");
    }
    if (dataBase64 != null) {
      try {
        event.setData(ByteString.copyFrom(Base64.getDecoder().decode(dataBase64.asText())));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("data_base64 is not base64: " + e.getMessage(), e);
      }
    } else if (data != null && !data.isNull()) {
      if (data.isTextual()) {
        event.setData(ByteString.copyFrom(data.asText(), StandardCharsets.UTF_8));
      } else {
        event.setData(ByteString.copyFrom(data.toString(), StandardCharsets.UTF_8));
        if (event.getDataContentType().isEmpty()) {
          event.setDataContentType("application/json");
        }
      }
    }
    for (Map.Entry<String, JsonNode> member : object.properties()) {
      if (!CONTEXT.contains(member.getKey())) {
        JsonNode value = member.getValue();
        if (value.isContainerNode()) {
          throw new IllegalArgumentException(
              "extension attribute '" + member.getKey() + "' must be a string, number or boolean");
        }
        event.putAttributes(member.getKey(), value.asText());
      }
    }
    return event.build();
  }

  /** An RFC 3339 time as a protobuf timestamp. */
  static Timestamp timestamp(String time) {
    try {
      Instant instant = Instant.parse(time);
      return Timestamp.newBuilder()
          .setSeconds(instant.getEpochSecond())
          .setNanos(instant.getNano())
          .build();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "time '" + time + "' is not an RFC 3339 time such as 2026-01-31T12:00:00Z", e);
    }
  }

  private static String text(ObjectNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isValueNode()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return value.asText();
  }

  /**
   * A delivery as one JSON line: where it is ({@code stream}, {@code partition}, {@code offset},
   * {@code timestamp}) and the event in the CloudEvents JSON format under {@code event}. JSON data
   * stays JSON, other text data is a string, anything else is {@code data_base64}.
   */
  static String format(Delivery delivery) {
    ObjectNode line = JSON.createObjectNode();
    line.put("stream", delivery.getStream());
    line.put("partition", delivery.getPartition());
    line.put("offset", delivery.getOffset());
    line.put("timestamp", instant(delivery.getTimestamp()).toString());
    line.set("event", event(delivery.getEvent()));
    return line.toString();
  }

  /** Where a published event was written, as one JSON line: its id, stream, partition, offset. */
  static String format(PublishResult result) {
    ObjectNode line = JSON.createObjectNode();
    line.put("event_id", result.getEventId());
    line.put("stream", result.getStream());
    line.put("partition", result.getPartition());
    line.put("offset", result.getOffset());
    return line.toString();
  }

  /** The event in the CloudEvents JSON format, as {@link #parse(String)} reads it back. */
  static ObjectNode event(Event event) {
    ObjectNode node = JSON.createObjectNode();
    node.put("specversion", "1.0");
    node.put("id", event.getId());
    node.put("source", event.getSource());
    node.put("type", event.getType());
    if (!event.getSubject().isEmpty()) {
      node.put("subject", event.getSubject());
    }
    if (event.hasTime()) {
      node.put("time", instant(event.getTime()).toString());
    }
    String contentType = event.getDataContentType();
    if (!contentType.isEmpty()) {
      node.put("datacontenttype", contentType);
    }
    if (!event.getData().isEmpty()) {
      putData(node, contentType, event.getData());
    }
    event.getAttributesMap().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(attribute -> node.put(attribute.getKey(), attribute.getValue()));
    return node;
  }

  private static void putData(ObjectNode node, String contentType, ByteString data) {
    if (isJson(contentType)) {
      try {
        node.set("data", JSON.readTree(data.toByteArray()));
        return;
      } catch (IOException notJson) {
        // not what the content type says: fall through to text or base64
      }
    }
    if (data.isValidUtf8()) {
      node.put("data", data.toStringUtf8());
    } else {
      node.put("data_base64", Base64.getEncoder().encodeToString(data.toByteArray()));
    }
  }

  private static boolean isJson(String contentType) {
    String type = contentType.toLowerCase(java.util.Locale.ROOT);
    int parameters = type.indexOf(';');
    String media = (parameters < 0 ? type : type.substring(0, parameters)).trim();
    return media.equals("application/json") || media.endsWith("+json");
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
