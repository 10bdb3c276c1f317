package io.eventgateway.core.domain;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The opaque data of an event. Wraps a read-only view of the bytes so adapters can hand the same
 * memory from the wire to the log without copying it: {@link #wrapArray} and {@link #readOnlyArray}
 * let a whole array pass from a parser to a log client that takes arrays.
 *
 * <p>Immutable as long as the creator of {@link #wrap(ByteBuffer)} does not change the wrapped
 * bytes, which is the contract of that method. Equality is by content.
 */
public final class Payload {
  private static final Payload EMPTY = new Payload(ByteBuffer.allocate(0).asReadOnlyBuffer());

  private final ByteBuffer bytes;

  /** The array {@link #bytes} spans entirely, when it was wrapped with {@link #wrapArray}. */
  private final byte[] wholeArray;

  private Payload(ByteBuffer bytes) {
    this(bytes, null);
  }

  private Payload(ByteBuffer bytes, byte[] wholeArray) {
    this.bytes = bytes;
    this.wholeArray = wholeArray;
  }

  /** A payload over a copy of {@code bytes}. */
  public static Payload copyOf(byte[] bytes) {
    return bytes.length == 0
        ? EMPTY
        : new Payload(ByteBuffer.wrap(bytes.clone()).asReadOnlyBuffer());
  }

  /**
   * A payload over {@code buffer}'s remaining bytes, without copying. The caller must not change
   * those bytes afterwards.
   */
  public static Payload wrap(ByteBuffer buffer) {
    Objects.requireNonNull(buffer, "buffer");
    return buffer.remaining() == 0 ? EMPTY : new Payload(buffer.slice().asReadOnlyBuffer());
  }

  /**
   * A payload over all of {@code bytes}, without copying. The caller must not change them
   * afterwards; {@link #readOnlyArray()} returns this same array.
   */
  public static Payload wrapArray(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return bytes.length == 0
        ? EMPTY
        : new Payload(ByteBuffer.wrap(bytes).asReadOnlyBuffer(), bytes);
  }

  public static Payload empty() {
    return EMPTY;
  }

  /** Size in bytes. */
  public int size() {
    return bytes.remaining();
  }

  /** A read-only view positioned at the first byte; each call returns an independent view. */
  public ByteBuffer asReadOnlyBuffer() {
    return bytes.duplicate();
  }

  /**
   * The bytes as one array for reading only: the array given to {@link #wrapArray}, shared, not
   * copied; a fresh copy for a payload made otherwise. The caller must not change it. For handing
   * the data to an API that takes a {@code byte[]} (a Kafka serializer) without a copy.
   */
  public byte[] readOnlyArray() {
    return wholeArray != null ? wholeArray : toByteArray();
  }

  /** A fresh copy of the bytes. */
  public byte[] toByteArray() {
    byte[] copy = new byte[bytes.remaining()];
    bytes.duplicate().get(copy);
    return copy;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Payload that && bytes.equals(that.bytes);
  }

  @Override
  public int hashCode() {
    return bytes.hashCode();
  }

  @Override
  public String toString() {
    return "Payload[" + size() + " bytes]";
  }
}
