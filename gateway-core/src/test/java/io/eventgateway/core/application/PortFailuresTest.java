package io.eventgateway.core.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.core.port.in.RequestFailure.Kind;
import io.eventgateway.core.port.out.ClusterAdminException;
import io.eventgateway.core.port.out.EventSourceException;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortFailuresTest {

  @Test
  void everySourceFailureBecomesARequestFailureWithItsMessage() {
    Map<EventSourceException.Kind, Kind> expected = new EnumMap<>(EventSourceException.Kind.class);
    expected.put(EventSourceException.Kind.OUT_OF_RANGE, Kind.OUT_OF_RANGE);
    expected.put(EventSourceException.Kind.UNKNOWN_STREAM, Kind.UNKNOWN_STREAM);
    expected.put(EventSourceException.Kind.UNAVAILABLE, Kind.UNAVAILABLE);
    expected.put(EventSourceException.Kind.FAILED, Kind.INTERNAL);
    assertThat(expected).hasSize(EventSourceException.Kind.values().length);

    expected.forEach(
        (kind, requestKind) -> {
          RequestFailure failure =
              PortFailures.failure(new EventSourceException(kind, "what the source said"));
          assertThat(failure).isEqualTo(RequestFailure.of(requestKind, "what the source said"));
        });
  }

  @Test
  void everyClusterAdminFailureBecomesARequestFailureWithItsMessage() {
    Map<ClusterAdminException.Kind, Kind> expected =
        new EnumMap<>(ClusterAdminException.Kind.class);
    expected.put(ClusterAdminException.Kind.UNKNOWN_STREAM, Kind.UNKNOWN_STREAM);
    expected.put(ClusterAdminException.Kind.OUT_OF_RANGE, Kind.OUT_OF_RANGE);
    expected.put(ClusterAdminException.Kind.GROUP_NOT_EMPTY, Kind.FAILED_PRECONDITION);
    expected.put(ClusterAdminException.Kind.NAME_COLLISION, Kind.ALREADY_EXISTS);
    expected.put(ClusterAdminException.Kind.UNAVAILABLE, Kind.UNAVAILABLE);
    expected.put(ClusterAdminException.Kind.FAILED, Kind.INTERNAL);
    assertThat(expected).hasSize(ClusterAdminException.Kind.values().length);

    expected.forEach(
        (kind, requestKind) -> {
          RequestFailure failure =
              PortFailures.failure(new ClusterAdminException(kind, "what the cluster said"));
          assertThat(failure).isEqualTo(RequestFailure.of(requestKind, "what the cluster said"));
        });
  }
}
