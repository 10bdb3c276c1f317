package io.eventgateway.core.application;

/**
 * Limits on what a publisher may send. Every limit is checked before anything is written.
 *
 * @param maxDataBytes largest {@code data}, in bytes
 * @param maxAttributes most extension attributes per event
 * @param maxAttributeValueLength longest attribute value, in characters
 * @param maxFieldLength longest {@code source}, {@code type}, {@code subject} and {@code
 *     data_content_type}, in characters
 * @param maxIdLength longest event {@code id}, in characters
 * @param maxBatchEvents most events in one batch
 * @see #maxRecordBytes()
 */
public record PublishLimits(
    int maxDataBytes,
    int maxAttributes,
    int maxAttributeValueLength,
    int maxFieldLength,
    int maxIdLength,
    int maxBatchEvents) {

  /**
   * The most bytes one character of a length-limited text takes in UTF-8. Text limits count
   * characters as {@link String#length()} does, in UTF-16 code units: a unit of the Basic
   * Multilingual Plane takes 1 to 3 bytes in UTF-8, and a supplementary character (e.g. most emoji)
   * takes 4 bytes for its 2 units. So 3 bytes per counted character is exact, not a guess.
   */
  public static final int MAX_UTF8_BYTES_PER_CHAR = 3;

  /**
   * Per attribute of a record, for what is not its value: its name (at most {@value
   * EventValidator#MAX_ATTRIBUTE_NAME_LENGTH} bytes of {@code a-z0-9}; the longest context
   * attribute name, {@code datacontenttype}, has 15), a prefix of up to 16 bytes that a protocol
   * binding puts before it ({@code ce_} in the CloudEvents binary mode), and the length fields that
   * frame name and value (at most 5 bytes each as variable-length integers): 20 + 16 + 10 bytes,
   * rounded up.
   */
  public static final int ATTRIBUTE_ALLOWANCE = 64;

  /**
   * For each of the two attribute values the gateway writes in a fixed format rather than copying
   * them from the publisher: {@code specversion} ({@code 1.0}) and {@code time} (RFC 3339 in UTC:
   * at most 37 characters, those of {@link java.time.Instant#MAX}).
   */
  public static final int FORMATTED_VALUE_ALLOWANCE = 64;

  /**
   * The context attributes every record carries besides the extension attributes: {@code
   * specversion}, {@code id}, {@code source}, {@code type}, {@code time}, {@code subject} and
   * {@code datacontenttype}.
   */
  public static final int CONTEXT_ATTRIBUTES = 7;

  /**
   * For the log's framing of a record, which does not grow with the event: a record batch's header
   * (61 bytes in Kafka's format), the record's own header (at most 21 bytes: length, attributes,
   * timestamp and offset deltas, key and value lengths, header count) and a compression codec's
   * stream header and trailer (at most a few dozen bytes for gzip, snappy, lz4 or zstd). That is a
   * few hundred bytes; 16 KiB is generous on purpose: the bound is a ceiling the log is configured
   * to accept, not memory set aside, so overshooting costs nothing while undershooting refuses
   * valid events.
   */
  public static final int RECORD_FRAMING_ALLOWANCE = 16 * 1024;

  /**
   * Compression can make incompressible content (random or already compressed data) slightly
   * larger: gzip, snappy, lz4 and zstd store such input in raw blocks that each add a few bytes
   * (zstd 3 per 128 KiB, lz4 4 per 64 KiB, deflate 5 per stored block of at least about 16 KiB,
   * snappy about 10 per 32 KiB), under 0.1 %. The bound adds 1/1024 of the content for it.
   */
  private static final int COMPRESSION_EXPANSION_DIVISOR = 1024;

  public PublishLimits {
    requirePositive(maxDataBytes, "maxDataBytes");
    requirePositive(maxAttributes, "maxAttributes");
    requirePositive(maxAttributeValueLength, "maxAttributeValueLength");
    requirePositive(maxFieldLength, "maxFieldLength");
    requirePositive(maxIdLength, "maxIdLength");
    requirePositive(maxBatchEvents, "maxBatchEvents");
    long recordBytes =
        recordBytes(
            maxDataBytes, maxAttributes, maxAttributeValueLength, maxFieldLength, maxIdLength);
    if (recordBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "these limits allow an event whose record takes up to "
              + recordBytes
              + " bytes, more than the "
              + Integer.MAX_VALUE
              + " bytes a log record can have; lower maxDataBytes, maxAttributes or"
              + " maxAttributeValueLength");
    }
  }

  /**
   * An upper bound on the size, in bytes, of the log record of any event valid under these limits:
   * the log must accept records this large, or it would refuse events the gateway has accepted.
   * Pure, and the same for equal limits.
   *
   * <p>The record, as the log adapters write it, is the data, the entity key and one text attribute
   * (name and value) per CloudEvents attribute, in some framing. The bound is the sum of:
   *
   * <ul>
   *   <li>the data: {@code maxDataBytes};
   *   <li>the entity key, the {@code partitionkey} attribute or else the subject: {@value
   *       #MAX_UTF8_BYTES_PER_CHAR} × the larger of {@code maxAttributeValueLength} and {@code
   *       maxFieldLength};
   *   <li>the context attributes' values: {@value #MAX_UTF8_BYTES_PER_CHAR} × ({@code maxIdLength}
   *       + 4 × {@code maxFieldLength}) for the id, source, type, subject and data content type,
   *       and 2 × {@value #FORMATTED_VALUE_ALLOWANCE} for the spec version and time;
   *   <li>the extension attributes' values: {@code maxAttributes} × {@value
   *       #MAX_UTF8_BYTES_PER_CHAR} × {@code maxAttributeValueLength};
   *   <li>names and length fields: ({@value #CONTEXT_ATTRIBUTES} + {@code maxAttributes}) × {@value
   *       #ATTRIBUTE_ALLOWANCE};
   *   <li>then, on the sum of the above (the content): 1/1024 of it for compression's expansion of
   *       incompressible content, and {@value #RECORD_FRAMING_ALLOWANCE} for the framing.
   * </ul>
   *
   * With 1 MiB of data and the other limits at the gateway's defaults, the bound is about 1.42 MiB:
   * the largest events are not their data alone.
   */
  public int maxRecordBytes() {
    return (int)
        recordBytes(
            maxDataBytes, maxAttributes, maxAttributeValueLength, maxFieldLength, maxIdLength);
  }

  /** These limits with a different largest {@code data}. */
  public PublishLimits withMaxDataBytes(int bytes) {
    return new PublishLimits(
        bytes, maxAttributes, maxAttributeValueLength, maxFieldLength, maxIdLength, maxBatchEvents);
  }

  /** These limits with a different largest batch. */
  public PublishLimits withMaxBatchEvents(int events) {
    return new PublishLimits(
        maxDataBytes, maxAttributes, maxAttributeValueLength, maxFieldLength, maxIdLength, events);
  }

  /** {@link #maxRecordBytes()} as a long; {@link Long#MAX_VALUE} when even that overflows. */
  private static long recordBytes(
      int maxDataBytes,
      int maxAttributes,
      int maxAttributeValueLength,
      int maxFieldLength,
      int maxIdLength) {
    long utf8 = MAX_UTF8_BYTES_PER_CHAR;
    long key = utf8 * Math.max(maxAttributeValueLength, maxFieldLength);
    long contextValues =
        utf8 * (maxIdLength + 4L * maxFieldLength) + 2L * FORMATTED_VALUE_ALLOWANCE;
    long namesAndLengths = (CONTEXT_ATTRIBUTES + (long) maxAttributes) * ATTRIBUTE_ALLOWANCE;
    try {
      // the only product that can overflow a long: up to 3 × (2^31 - 1)^2
      long extensionValues = Math.multiplyExact(utf8 * maxAttributes, maxAttributeValueLength);
      long content =
          Math.addExact(extensionValues, maxDataBytes + key + contextValues + namesAndLengths);
      return Math.addExact(
          content, content / COMPRESSION_EXPANSION_DIVISOR + RECORD_FRAMING_ALLOWANCE);
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  private static void requirePositive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
  }
}
