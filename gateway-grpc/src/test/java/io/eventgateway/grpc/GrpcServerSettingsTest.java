package io.eventgateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.eventgateway.grpc.publish.PublisherSettings;
import io.eventgateway.grpc.subscribe.SubscriberSettings;
import io.eventgateway.grpc.testing.TestServerSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GrpcServerSettingsTest {

  @Test
  void theFixedTransportValuesAreTheOnesTheConfigurationGuideStates() {
    // docs/configuration.md, section 3's notes on grpc: not configurable
    assertThat(GrpcServerSettings.KeepAlive.DEFAULTS)
        .isEqualTo(
            new GrpcServerSettings.KeepAlive(
                Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofSeconds(10), true));
    assertThat(SubscriberSettings.DEFAULTS.deliveryBatch()).isEqualTo(64);
  }

  @Test
  void refusesValuesOutOfRange() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings(" ", 0, 1, 1))
        .withMessage("host must not be blank");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings("127.0.0.1", 65_536, 1, 1))
        .withMessage("port must be between 0 and 65535, was 65536");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings("127.0.0.1", 0, 0, 1))
        .withMessage("handlerThreads must be at least 1, was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings("127.0.0.1", 0, 1, 0))
        .withMessage("maxConcurrentCallsPerConnection must be at least 1, was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PublisherSettings(0, 1, 1))
        .withMessage("maxInFlightPerCall must be between 1 and 65536, was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PublisherSettings(1, 1023, 1024))
        .withMessage("maxInFlightBytesPerCall (1023) must be at least maxMessageBytes (1024)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SubscriberSettings(0))
        .withMessage("deliveryBatch must be between 1 and 10000, was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SubscriberSettings(10_001))
        .withMessage("deliveryBatch must be between 1 and 10000, was 10001");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new GrpcServerSettings.KeepAlive(
                    Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), false))
        .withMessage("keep-alive time must be positive, was PT0S");
  }

  @Test
  void theLargestMessageMustExceedTheLargestData() {
    GrpcServerSettings settings =
        TestServerSettings.withMaxInboundMessageBytes(TestServerSettings.loopback(), 1024);

    assertThat(settings.requireRoomForData(1023)).isSameAs(settings);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings.requireRoomForData(1024))
        .withMessageStartingWith(
            "maxInboundMessageBytes (1024) must exceed the largest event data");
  }

  private static GrpcServerSettings settings(
      String host, int port, int handlerThreads, int maxConcurrentCallsPerConnection) {
    return new GrpcServerSettings(
        host,
        port,
        8 * 1024 * 1024,
        maxConcurrentCallsPerConnection,
        handlerThreads,
        GrpcServerSettings.KeepAlive.DEFAULTS,
        new PublisherSettings(1, 8 << 20, 8 << 20),
        SubscriberSettings.DEFAULTS,
        TestServerSettings.EDGE);
  }
}
