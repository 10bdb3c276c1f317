package io.eventgateway.core.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * A 64-bit fingerprint of what an event says, to tell a resent event from a different event that
 * reuses its id. It covers the source, type, subject, data content type, data and extension
 * attributes, each length-prefixed, attributes in name order. It leaves out the id (the key it is
 * compared under) and the time, which the gateway sets when a publisher gives none, so a resend
 * without a time is still the same event.
 *
 * <p>Two checksums of different polynomials (CRC-32C and CRC-32, both computed by the CPU's own
 * instructions where it has them) make the 64 bits: not a cryptographic hash, which a client
 * fighting its own ids could defeat, but a guard against the accident it is for.
 */
public final class EventFingerprint {
  private EventFingerprint() {}

  /** The fingerprint of {@code event}. */
  public static long of(Event event) {
    CRC32C first = new CRC32C();
    CRC32 second = new CRC32();
    Checksums both = new Checksums(first, second);
    both.text(event.source());
    both.text(event.type());
    both.text(event.subject());
    both.text(event.dataContentType());
    both.bytes(event.data().asReadOnlyBuffer());
    Map<String, String> attributes =
        event.attributes().size() < 2 ? event.attributes() : new TreeMap<>(event.attributes());
    both.length(attributes.size());
    for (Map.Entry<String, String> attribute : attributes.entrySet()) {
      both.text(attribute.getKey());
      both.text(attribute.getValue());
    }
    return (first.getValue() << 32) | second.getValue();
  }

  private record Checksums(CRC32C first, CRC32 second) {
    void text(String value) {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      length(bytes.length);
      first.update(bytes);
      second.update(bytes);
    }

    void bytes(ByteBuffer value) {
      length(value.remaining());
      first.update(value.duplicate());
      second.update(value);
    }

    void length(int length) {
      for (int shift = 24; shift >= 0; shift -= 8) {
        first.update(length >>> shift);
        second.update(length >>> shift);
      }
    }
  }
}
