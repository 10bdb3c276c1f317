package io.eventgateway.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;
import io.eventgateway.core.domain.StreamNames;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the string field that made protobuf refuse a message: the first {@code string} field, in
 * the order of the bytes, whose content is not valid UTF-8, named by its path in the API's names
 * ({@code stream}, {@code event.source}, {@code events[3].subject}, {@code
 * event.attributes.tenant}). Only reads the wire format, guided by the message's {@link
 * Descriptor}; it never builds the message.
 *
 * <p>Stateless and thread-safe.
 */
final class InvalidUtf8Locator {

  /** A string field that is not valid UTF-8: its path, and what is wrong. */
  record Fault(String path, String description) {}

  private InvalidUtf8Locator() {}

  /**
   * The first string field of {@code message}, a serialized message of {@code type}, that is not
   * valid UTF-8; empty when every string is valid or the bytes are not a message of that type.
   */
  static Optional<Fault> locate(ByteString message, Descriptor type) {
    try {
      return Optional.ofNullable(walk(message.newCodedInput(), type, ""));
    } catch (IOException | RuntimeException notAMessage) {
      // protobuf's own reason stands
      return Optional.empty();
    }
  }

  private static Fault walk(CodedInputStream in, Descriptor type, String prefix)
      throws IOException {
    Map<Integer, Integer> occurrences = new HashMap<>();
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return null;
      }
      FieldDescriptor field = type.findFieldByNumber(WireFormat.getTagFieldNumber(tag));
      if (field == null
          || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED
          || (field.getType() != FieldDescriptor.Type.STRING
              && field.getType() != FieldDescriptor.Type.MESSAGE)) {
        in.skipField(tag);
        continue;
      }
      String path = prefix + field.getName();
      if (field.isRepeated() && !field.isMapField()) {
        path += "[" + (occurrences.merge(field.getNumber(), 1, Integer::sum) - 1) + "]";
      }
      ByteString content = in.readBytes();
      Fault fault;
      if (field.getType() == FieldDescriptor.Type.STRING) {
        fault = content.isValidUtf8() ? null : new Fault(path, "is not valid UTF-8");
      } else if (field.isMapField()) {
        fault = mapEntry(content, field.getMessageType(), path);
      } else {
        fault = walk(content.newCodedInput(), field.getMessageType(), path + ".");
      }
      if (fault != null) {
        return fault;
      }
    }
  }

  /** A map entry: its key names the value's path ({@code attributes.tenant}). */
  private static Fault mapEntry(ByteString entry, Descriptor type, String path) throws IOException {
    FieldDescriptor keyField = type.findFieldByNumber(1);
    FieldDescriptor valueField = type.findFieldByNumber(2);
    CodedInputStream in = entry.newCodedInput();
    ByteString key = ByteString.EMPTY;
    ByteString value = null;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      int number = WireFormat.getTagFieldNumber(tag);
      if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        in.skipField(tag);
      } else if (number == 1) {
        key = in.readBytes();
      } else if (number == 2) {
        value = in.readBytes();
      } else {
        in.skipField(tag);
      }
    }
    boolean stringKey = keyField.getType() == FieldDescriptor.Type.STRING;
    if (stringKey && !key.isValidUtf8()) {
      return new Fault(path, "has a key that is not valid UTF-8");
    }
    if (value == null) {
      return null;
    }
    String valuePath = stringKey ? path + "." + StreamNames.printable(key.toStringUtf8()) : path;
    if (valueField.getType() == FieldDescriptor.Type.STRING) {
      return value.isValidUtf8() ? null : new Fault(valuePath, "is not valid UTF-8");
    }
    if (valueField.getType() == FieldDescriptor.Type.MESSAGE) {
      return walk(value.newCodedInput(), valueField.getMessageType(), valuePath + ".");
    }
    return null;
  }
}
