package io.eventgateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.eventgateway.grpc.publish.PublisherSettings;
import io.eventgateway.grpc.subscribe.SubscriberSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GrpcServerSettingsTest {

  @Test
  void defaults() {
    GrpcServerSettings settings = GrpcServerSettings.defaults();

    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.port()).isEqualTo(50051);
    assertThat(settings.maxInboundMessageBytes()).isEqualTo(8 * 1024 * 1024);
    assertThat(settings.maxConcurrentCallsPerConnection()).isEqualTo(128);
    assertThat(settings.handlerThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(settings.keepAlive())
        .isEqualTo(
            new GrpcServerSettings.KeepAlive(
                Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofSeconds(10), true));
    assertThat(settings.publisher().maxInFlightPerCall()).isEqualTo(1024);
    assertThat(settings.subscriber().deliveryBatch()).isEqualTo(64);
  }

  @Test
  void withersChangeOneValue() {
    GrpcServerSettings settings =
        GrpcServerSettings.defaults()
            // first, so that every other wither must keep it
            .withSubscriber(new SubscriberSettings(8))
            .withKeepAlive(GrpcServerSettings.KeepAlive.DEFAULTS)
            .withHost("0.0.0.0")
            .withPort(0)
            .withHandlerThreads(3)
            .withMaxConcurrentCallsPerConnection(7)
            .withMaxInboundMessageBytes(4096)
            .withPublisher(new PublisherSettings(16));

    assertThat(settings.host()).isEqualTo("0.0.0.0");
    assertThat(settings.port()).isZero();
    assertThat(settings.handlerThreads()).isEqualTo(3);
    assertThat(settings.maxConcurrentCallsPerConnection()).isEqualTo(7);
    assertThat(settings.maxInboundMessageBytes()).isEqualTo(4096);
    assertThat(settings.publisher().maxInFlightPerCall()).isEqualTo(16);
    assertThat(settings.subscriber().deliveryBatch()).isEqualTo(8);
  }

  @Test
  void refusesValuesOutOfRange() {
    GrpcServerSettings defaults = GrpcServerSettings.defaults();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> defaults.withPort(65_536))
        .withMessage("port must be between 0 and 65535, was 65536");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> defaults.withHost(" "))
        .withMessage("host must not be blank");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> defaults.withHandlerThreads(0))
        .withMessage("handlerThreads must be at least 1, was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> defaults.withMaxConcurrentCallsPerConnection(0))
        .withMessage("maxConcurrentCallsPerConnection must be at least 1, was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PublisherSettings(0))
        .withMessage("maxInFlightPerCall must be between 1 and 65536, was 0");
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
    GrpcServerSettings settings = GrpcServerSettings.defaults().withMaxInboundMessageBytes(1024);

    assertThat(settings.requireRoomForData(1023)).isSameAs(settings);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings.requireRoomForData(1024))
        .withMessageStartingWith(
            "maxInboundMessageBytes (1024) must exceed the largest event data");
  }
}
