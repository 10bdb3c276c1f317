package io.eventgateway.app.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a protobuf message as one line of JSON in protobuf's JSON mapping, with Jackson: field
 * names in lowerCamelCase, fields at their default value left out, 64-bit integers as strings,
 * enums by name, {@code Duration} as {@code "1.500s"}, {@code Timestamp} in RFC 3339, maps as
 * objects. Strings are escaped as protobuf's {@code JsonFormat} escaped them (HTML characters too),
 * so {@code esg ... --json} prints the bytes it printed before.
 *
 * <p>The well-known types with a JSON form of their own other than {@code Duration} and {@code
 * Timestamp} ({@code Any}, {@code Struct}, the wrappers, {@code FieldMask}) are refused with an
 * {@link IllegalArgumentException}: the admin API uses none of them.
 */
final class ProtoJson {
  private static final JsonFactory JSON =
      new JsonFactoryBuilder().characterEscapes(new JsonFormatEscapes()).build();
  private static final Set<String> UNSUPPORTED =
      Set.of(
          "google/protobuf/any.proto",
          "google/protobuf/struct.proto",
          "google/protobuf/wrappers.proto",
          "google/protobuf/field_mask.proto");

  private ProtoJson() {}

  static String toJson(MessageOrBuilder message) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      writeMessage(json, message);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return out.toString();
  }

  private static void writeMessage(JsonGenerator json, MessageOrBuilder message)
      throws IOException {
    var type = message.getDescriptorForType();
    switch (type.getFullName()) {
      case "google.protobuf.Duration" -> json.writeString(duration(message));
      case "google.protobuf.Timestamp" -> json.writeString(timestamp(message));
      default -> {
        if (UNSUPPORTED.contains(type.getFile().getName())) {
          throw new IllegalArgumentException("no JSON form here for " + type.getFullName());
        }
        json.writeStartObject();
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
          json.writeFieldName(field.getKey().getJsonName());
          writeField(json, field.getKey(), field.getValue());
        }
        json.writeEndObject();
      }
    }
  }

  private static void writeField(JsonGenerator json, FieldDescriptor field, Object value)
      throws IOException {
    if (field.isMapField()) {
      FieldDescriptor key = field.getMessageType().findFieldByNumber(1);
      FieldDescriptor entryValue = field.getMessageType().findFieldByNumber(2);
      json.writeStartObject();
      for (Object element : (List<?>) value) {
        Message entry = (Message) element;
        json.writeFieldName(mapKey(key, entry.getField(key)));
        writeValue(json, entryValue, entry.getField(entryValue));
      }
      json.writeEndObject();
    } else if (field.isRepeated()) {
      json.writeStartArray();
      for (Object element : (List<?>) value) {
        writeValue(json, field, element);
      }
      json.writeEndArray();
    } else {
      writeValue(json, field, value);
    }
  }

  private static void writeValue(JsonGenerator json, FieldDescriptor field, Object value)
      throws IOException {
    switch (field.getType()) {
      case INT32, SINT32, SFIXED32 -> json.writeNumber((Integer) value);
      case UINT32, FIXED32 -> json.writeNumber(Integer.toUnsignedString((Integer) value));
      case INT64, SINT64, SFIXED64 -> json.writeString(value.toString());
      case UINT64, FIXED64 -> json.writeString(Long.toUnsignedString((Long) value));
      case FLOAT, DOUBLE -> writeFloatingPoint(json, ((Number) value).doubleValue(), value);
      case BOOL -> json.writeBoolean((Boolean) value);
      case STRING -> json.writeString((String) value);
      case BYTES -> // base64's '=' unescaped, as JsonFormat wrote it
          json.writeRawValue(
              '"' + Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()) + '"');
      case ENUM -> {
        EnumValueDescriptor constant = (EnumValueDescriptor) value;
        if (constant.getType().getFullName().equals("google.protobuf.NullValue")) {
          json.writeNull();
        } else if (constant.getIndex() == -1) {
          json.writeNumber(constant.getNumber()); // a number this descriptor does not name
        } else {
          json.writeString(constant.getName());
        }
      }
      case MESSAGE, GROUP -> writeMessage(json, (MessageOrBuilder) value);
    }
  }

  /** NaN and the infinities as strings; other values as Java prints the float or double. */
  private static void writeFloatingPoint(JsonGenerator json, double number, Object value)
      throws IOException {
    if (Double.isNaN(number)) {
      json.writeString("NaN");
    } else if (Double.isInfinite(number)) {
      json.writeString(number > 0 ? "Infinity" : "-Infinity");
    } else {
      json.writeNumber(value.toString());
    }
  }

  private static String mapKey(FieldDescriptor key, Object value) {
    return switch (key.getType()) {
      case UINT32, FIXED32 -> Integer.toUnsignedString((Integer) value);
      case UINT64, FIXED64 -> Long.toUnsignedString((Long) value);
      default -> value.toString();
    };
  }

  /** {@code "604800s"}, {@code "1.500s"}, {@code "-0.000000007s"}. */
  private static String duration(MessageOrBuilder duration) {
    long seconds = seconds(duration);
    int nanos = nanos(duration);
    StringBuilder text = new StringBuilder();
    if (seconds < 0 || nanos < 0) {
      text.append('-');
    }
    text.append(Math.abs(seconds));
    if (nanos != 0) {
      text.append('.').append(fraction(Math.abs(nanos)));
    }
    return text.append('s').toString();
  }

  /** RFC 3339 in UTC, with 0, 3, 6 or 9 digits of fraction: {@code 2026-01-31T12:00:00.500Z}. */
  private static String timestamp(MessageOrBuilder timestamp) {
    return Instant.ofEpochSecond(seconds(timestamp), nanos(timestamp)).toString();
  }

  private static String fraction(int nanos) {
    if (nanos % 1_000_000 == 0) {
      return String.format(Locale.ROOT, "%03d", nanos / 1_000_000);
    }
    if (nanos % 1_000 == 0) {
      return String.format(Locale.ROOT, "%06d", nanos / 1_000);
    }
    return String.format(Locale.ROOT, "%09d", nanos);
  }

  private static long seconds(MessageOrBuilder message) {
    return (Long) message.getField(message.getDescriptorForType().findFieldByNumber(1));
  }

  private static int nanos(MessageOrBuilder message) {
    return (Integer) message.getField(message.getDescriptorForType().findFieldByNumber(2));
  }

  /**
   * JSON's escapes plus those {@code JsonFormat} (through Gson) added: {@code < > & = '} and the
   * two Unicode line separators as Unicode escapes, and control characters with lower-case hex
   * digits.
   */
  private static final class JsonFormatEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    JsonFormatEscapes() {
      for (int c = 0; c < ascii.length; c++) {
        if (escapedAsHex(c)) {
          ascii[c] = ESCAPE_CUSTOM;
        }
      }
    }

    private static boolean escapedAsHex(int c) {
      return (c < 0x20 && "\b\t\n\f\r".indexOf(c) < 0)
          || "<>&='".indexOf(c) >= 0
          || c == '\u2028'
          || c == '\u2029';
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int c) {
      return escapedAsHex(c)
          ? new SerializedString(String.format(Locale.ROOT, "\\u%04x", c))
          : null;
    }
  }
}
