package io.eventgateway.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which cluster {@link KafkaClusterExtension} gives a test: {@link ClusterRequest#of}. */
class ClusterRequestTest {
  @KafkaClusterTest
  static class Shared {
    void plain() {}

    @KafkaClusterTest(fresh = true)
    void ownCluster() {}
  }

  @KafkaClusterTest(brokers = 5, fresh = true)
  static class FreshOfFive {
    void plain() {}
  }

  static class SharedSubclass extends Shared {}

  static class Unannotated {
    void plain() {}
  }

  @KafkaClusterTest(brokers = 1)
  static class TooSmall {}

  @Test
  void aClassAnnotationAsksForASharedClusterOfThreeByDefault() throws Exception {
    assertThat(request(Shared.class, "plain")).isEqualTo(new ClusterRequest(3, false, false));
    assertThat(ClusterRequest.of(Optional.empty(), Optional.of(Shared.class)))
        .isEqualTo(new ClusterRequest(3, false, false));
    assertThat(request(SharedSubclass.class, null)).isEqualTo(new ClusterRequest(3, false, false));
    assertThat(new ClusterRequest(3, false, false).key()).isEqualTo("shared cluster of 3 brokers");
  }

  @Test
  void aMethodAnnotationWinsOverTheClassOne() throws Exception {
    assertThat(request(Shared.class, "ownCluster")).isEqualTo(new ClusterRequest(3, true, true));
    assertThat(request(FreshOfFive.class, "plain")).isEqualTo(new ClusterRequest(5, true, false));
    assertThat(new ClusterRequest(5, true, false).key()).isEqualTo("fresh cluster of 5 brokers");
  }

  @Test
  void withoutAnnotationItIsTheSharedClusterOfThree() throws Exception {
    assertThat(request(Unannotated.class, "plain")).isEqualTo(new ClusterRequest(3, false, false));
  }

  @Test
  void aClusterHasAtLeastThreeBrokers() {
    assertThatThrownBy(() -> request(TooSmall.class, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("@KafkaClusterTest(brokers = 1): a cluster needs at least 3");
  }

  private static ClusterRequest request(Class<?> type, String method) throws Exception {
    Optional<Method> testMethod =
        method == null ? Optional.empty() : Optional.of(type.getDeclaredMethod(method));
    return ClusterRequest.of(testMethod, Optional.of(type));
  }
}
