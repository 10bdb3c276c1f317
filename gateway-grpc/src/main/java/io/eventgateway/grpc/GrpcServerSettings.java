package io.eventgateway.grpc;

import io.eventgateway.grpc.edge.EdgeSettings;
import io.eventgateway.grpc.publish.PublisherSettings;
import io.eventgateway.grpc.subscribe.SubscriberSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link GrpcServer}. Immutable; every value is checked when built. The gateway
 * takes the first four from its configuration, where their defaults are defined.
 *
 * @param host the address to listen on; {@code 0.0.0.0} listens on every interface
 * @param port the port to listen on; 0 picks a free one, which {@link GrpcServer#port()} then tells
 * @param maxInboundMessageBytes largest request message, in bytes. Must exceed the core's largest
 *     event data, with room for the rest of the event; see {@link #requireRoomForData(int)}
 * @param maxConcurrentCallsPerConnection most calls open at once on one HTTP/2 connection; a client
 *     that needs more opens more connections
 * @param handlerThreads threads of the executor that runs the services' handlers (the gateway: the
 *     number of available processors), never the transport's event loop ({@linkplain
 *     io.eventgateway.grpc the package} says why)
 * @param keepAlive HTTP/2 keep-alive policy (the gateway: {@link KeepAlive#DEFAULTS})
 * @param publisher settings of the publisher service
 * @param subscriber settings of the subscriber service (the gateway: {@link
 *     SubscriberSettings#DEFAULTS})
 * @param edge limits of the HTTP/2 edge (connections, metadata, unfinished messages), on Netty
 */
public record GrpcServerSettings(
    String host,
    int port,
    int maxInboundMessageBytes,
    int maxConcurrentCallsPerConnection,
    int handlerThreads,
    KeepAlive keepAlive,
    PublisherSettings publisher,
    SubscriberSettings subscriber,
    EdgeSettings edge) {

  public GrpcServerSettings {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    requirePositive(maxInboundMessageBytes, "maxInboundMessageBytes");
    requirePositive(maxConcurrentCallsPerConnection, "maxConcurrentCallsPerConnection");
    requirePositive(handlerThreads, "handlerThreads");
    Objects.requireNonNull(keepAlive, "keepAlive");
    Objects.requireNonNull(publisher, "publisher");
    Objects.requireNonNull(subscriber, "subscriber");
    Objects.requireNonNull(edge, "edge").requireRoomForMessage(maxInboundMessageBytes);
  }

  /**
   * Checks that a request with an event of {@code maxDataBytes} of data fits in a message: the
   * largest message must exceed it. The application calls this with the core's data limit.
   *
   * @throws IllegalArgumentException when it does not
   */
  public GrpcServerSettings requireRoomForData(int maxDataBytes) {
    if (maxInboundMessageBytes <= maxDataBytes) {
      throw new IllegalArgumentException(
          "maxInboundMessageBytes ("
              + maxInboundMessageBytes
              + ") must exceed the largest event data ("
              + maxDataBytes
              + " bytes), with room for the rest of the event");
    }
    return this;
  }

  private static void requirePositive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
  }

  /**
   * HTTP/2 keep-alive: how the gateway finds dead connections and which client pings it accepts.
   *
   * @param time idle time after which the gateway pings the client (default 60 s)
   * @param timeout how long the gateway waits for the ping's answer before closing the connection
   *     (default 20 s)
   * @param permitTime the shortest interval between client pings the gateway accepts (default 10 s;
   *     gRPC's own default of 5 minutes makes clients with a 30 s keep-alive fail with {@code
   *     too_many_pings})
   * @param permitWithoutCalls whether clients may ping while they have no call open (default true:
   *     publishers keep connections warm between bursts)
   */
  public record KeepAlive(
      Duration time, Duration timeout, Duration permitTime, boolean permitWithoutCalls) {

    public static final KeepAlive DEFAULTS =
        new KeepAlive(Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofSeconds(10), true);

    public KeepAlive {
      requirePositive(time, "time");
      requirePositive(timeout, "timeout");
      requirePositive(permitTime, "permitTime");
    }

    private static void requirePositive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(
            "keep-alive " + name + " must be positive, was " + value);
      }
    }
  }
}
