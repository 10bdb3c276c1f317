package io.eventgateway.grpc.edge;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of the HTTP/2 edge: what one client, one connection and all connections together may
 * hold before a call reaches a service. Immutable; every value is checked when built. The gateway
 * takes them from its configuration, where their defaults are defined; the refusals name the
 * configuration keys below.
 *
 * @param maxConnections most connections open at once; one more is closed before HTTP/2 starts
 * @param maxConnectionsPerAddress most connections open at once from one client IP address
 * @param maxMetadataBytes largest request metadata (header list, as HTTP/2 counts it: name, value
 *     and 32 bytes per entry); a call over it ends with RESOURCE_EXHAUSTED, the connection lives
 * @param unfinishedMessageTimeout longest time a request message may take from its first byte to
 *     its last; a call over it ends with DEADLINE_EXCEEDED
 * @param maxUnfinishedBytesPerConnection most bytes the partly received request messages of one
 *     connection may hold; must be at least {@code maxMessageBytes} + 5 so that one largest message
 *     fits
 * @param maxUnfinishedBytes most bytes partly received request messages may hold on all connections
 *     together; at least {@code maxUnfinishedBytesPerConnection}
 * @param flowControlWindowBytes HTTP/2 flow-control window of each stream and of each connection
 *     (fixed: gRPC's automatic window tuning, which grows it to 8 MiB, is off)
 */
public record EdgeSettings(
    int maxConnections,
    int maxConnectionsPerAddress,
    int maxMetadataBytes,
    Duration unfinishedMessageTimeout,
    long maxUnfinishedBytesPerConnection,
    long maxUnfinishedBytes,
    int flowControlWindowBytes) {

  public static final String MAX_CONNECTIONS_KEY = "grpc.max-connections";
  public static final String MAX_CONNECTIONS_PER_ADDRESS_KEY = "grpc.max-connections-per-address";
  public static final String MAX_METADATA_BYTES_KEY = "grpc.max-metadata-bytes";
  public static final String UNFINISHED_MESSAGE_TIMEOUT_KEY = "grpc.unfinished-message-timeout";
  public static final String MAX_UNFINISHED_BYTES_PER_CONNECTION_KEY =
      "grpc.max-unfinished-bytes-per-connection";
  public static final String MAX_UNFINISHED_BYTES_KEY = "grpc.max-unfinished-bytes";

  /**
   * How many times {@link #maxMetadataBytes()} the gateway advertises as HTTP/2's {@code
   * SETTINGS_MAX_HEADER_LIST_SIZE} and gives Netty as its hard limit: metadata up to it gets the
   * gateway's own answer (a gRPC status naming the key); Netty answers what is larger.
   */
  public static final int HARD_METADATA_FACTOR = 4;

  /** The bytes of gRPC's message prefix: a compressed flag and a 4-byte length. */
  public static final int MESSAGE_PREFIX_BYTES = 5;

  public EdgeSettings {
    requirePositive(maxConnections, "maxConnections");
    requirePositive(maxConnectionsPerAddress, "maxConnectionsPerAddress");
    requirePositive(maxMetadataBytes, "maxMetadataBytes");
    if (maxMetadataBytes > Integer.MAX_VALUE / HARD_METADATA_FACTOR) {
      throw new IllegalArgumentException("maxMetadataBytes too large: " + maxMetadataBytes);
    }
    Objects.requireNonNull(unfinishedMessageTimeout, "unfinishedMessageTimeout");
    if (unfinishedMessageTimeout.isNegative() || unfinishedMessageTimeout.isZero()) {
      throw new IllegalArgumentException(
          "unfinishedMessageTimeout must be positive, was " + unfinishedMessageTimeout);
    }
    requirePositive(maxUnfinishedBytesPerConnection, "maxUnfinishedBytesPerConnection");
    if (maxUnfinishedBytes < maxUnfinishedBytesPerConnection) {
      throw new IllegalArgumentException(
          "maxUnfinishedBytes ("
              + maxUnfinishedBytes
              + ") must be at least maxUnfinishedBytesPerConnection ("
              + maxUnfinishedBytesPerConnection
              + ")");
    }
    requirePositive(flowControlWindowBytes, "flowControlWindowBytes");
  }

  /**
   * Checks that one message of {@code maxMessageBytes} fits in what a connection may hold
   * unfinished.
   *
   * @throws IllegalArgumentException when it does not
   */
  public EdgeSettings requireRoomForMessage(int maxMessageBytes) {
    if (maxUnfinishedBytesPerConnection < (long) maxMessageBytes + MESSAGE_PREFIX_BYTES) {
      throw new IllegalArgumentException(
          "maxUnfinishedBytesPerConnection ("
              + maxUnfinishedBytesPerConnection
              + ") must be at least the largest message ("
              + maxMessageBytes
              + " bytes) + "
              + MESSAGE_PREFIX_BYTES);
    }
    return this;
  }

  /** The header list size Netty enforces itself and the gateway advertises to clients. */
  public int hardMetadataBytes() {
    return maxMetadataBytes * HARD_METADATA_FACTOR;
  }

  private static void requirePositive(long value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
  }
}
