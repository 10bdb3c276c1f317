package io.eventgateway.grpc.testing;

import io.eventgateway.core.port.MemoryBudget;
import io.eventgateway.grpc.GrpcServerSettings;
import io.eventgateway.grpc.edge.EdgeSettings;
import io.eventgateway.grpc.publish.PublisherSettings;
import io.eventgateway.grpc.subscribe.SubscriberSettings;
import java.time.Duration;

/**
 * Server settings for the adapter's tests: loopback, a free port, 8 MiB messages, 128 calls per
 * connection, 2 handler threads, 1024 events and 32 MiB in flight per call; a test changes one at a
 * time. They are the tests' own values, not the product's defaults, which the gateway's
 * configuration model defines.
 */
public final class TestServerSettings {
  /**
   * Edge limits that a test of something else does not meet: 1,000 connections (100 per address),
   * 16 KiB of metadata, 10 s per unfinished message, 64 MiB unfinished per connection and in all, a
   * 1 MiB window.
   */
  public static final EdgeSettings EDGE =
      new EdgeSettings(1000, 100, 16 * 1024, Duration.ofSeconds(10), 64L << 20, 64L << 20, 1 << 20);

  private TestServerSettings() {}

  /** {@code settings} with other edge limits. */
  public static GrpcServerSettings withEdge(GrpcServerSettings settings, EdgeSettings edge) {
    return new GrpcServerSettings(
        settings.host(),
        settings.port(),
        settings.maxInboundMessageBytes(),
        settings.maxConcurrentCallsPerConnection(),
        settings.handlerThreads(),
        settings.keepAlive(),
        settings.publisher(),
        settings.subscriber(),
        edge);
  }

  /** The settings above. */
  public static GrpcServerSettings loopback() {
    return new GrpcServerSettings(
        "127.0.0.1",
        0,
        8 * 1024 * 1024,
        128,
        2,
        GrpcServerSettings.KeepAlive.DEFAULTS,
        new PublisherSettings(1024, 32L << 20, 8 << 20),
        SubscriberSettings.DEFAULTS,
        EDGE);
  }

  /** A gateway memory budget of 1 GiB, more than the tests hold. */
  public static MemoryBudget budget() {
    return new MemoryBudget("memory.max-bytes", 1L << 30);
  }

  /** {@code settings} with another largest message. */
  public static GrpcServerSettings withMaxInboundMessageBytes(
      GrpcServerSettings settings, int bytes) {
    return new GrpcServerSettings(
        settings.host(),
        settings.port(),
        bytes,
        settings.maxConcurrentCallsPerConnection(),
        settings.handlerThreads(),
        settings.keepAlive(),
        settings.publisher(),
        settings.subscriber(),
        settings.edge());
  }

  /** {@code settings} with other publisher and subscriber settings. */
  public static GrpcServerSettings withServices(
      GrpcServerSettings settings, PublisherSettings publisher, SubscriberSettings subscriber) {
    return new GrpcServerSettings(
        settings.host(),
        settings.port(),
        settings.maxInboundMessageBytes(),
        settings.maxConcurrentCallsPerConnection(),
        settings.handlerThreads(),
        settings.keepAlive(),
        publisher,
        subscriber,
        settings.edge());
  }
}
