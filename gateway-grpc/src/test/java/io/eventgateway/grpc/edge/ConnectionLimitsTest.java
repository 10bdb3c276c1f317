package io.eventgateway.grpc.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {
  private final EdgeCounters counters = new EdgeCounters();
  private final ConnectionLimits limits = new ConnectionLimits(3, 2, counters);
  private final InetAddress one = address(1);
  private final InetAddress two = address(2);

  @Test
  void refusesTheConnectionOverTheLimitOfItsAddress() {
    assertThat(limits.tryOpen(one)).isEmpty();
    assertThat(limits.tryOpen(one)).isEmpty();

    assertThat(limits.tryOpen(one)).contains("grpc.max-connections-per-address");
    assertThat(limits.tryOpen(two)).as("another address").isEmpty();
    assertThat(counters.refusals("grpc.max-connections-per-address")).isEqualTo(1);
    assertThat(counters.openConnections()).isEqualTo(3);
  }

  @Test
  void refusesTheConnectionOverTheTotalAndAdmitsAgainOnceOneCloses() {
    limits.tryOpen(one);
    limits.tryOpen(two);
    limits.tryOpen(two);

    assertThat(limits.tryOpen(address(3))).contains("grpc.max-connections");
    limits.closed(two);
    assertThat(limits.tryOpen(address(3))).isEmpty();
    assertThat(limits.open(two)).isEqualTo(1);
    assertThat(counters.refusals("grpc.max-connections")).isEqualTo(1);
  }

  @Test
  void forgetsAnAddressWhoseLastConnectionClosed() {
    limits.tryOpen(one);
    limits.closed(one);

    assertThat(limits.open(one)).isZero();
    assertThat(counters.openConnections()).isZero();
  }

  private static InetAddress address(int last) {
    try {
      return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
    } catch (java.net.UnknownHostException impossible) {
      throw new AssertionError(impossible);
    }
  }
}
