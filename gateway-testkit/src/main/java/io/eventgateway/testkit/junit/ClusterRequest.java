package io.eventgateway.testkit.junit;

import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Which cluster a test asks for: the {@link KafkaClusterTest} of its method, else of its class,
 * else the defaults (three brokers, shared), as for a class that registers {@link
 * KafkaClusterExtension} with {@code @ExtendWith} only.
 *
 * @param brokers the cluster's size
 * @param fresh whether the cluster is the annotated element's own
 * @param onMethod whether the annotation that decided is the method's
 */
record ClusterRequest(int brokers, boolean fresh, boolean onMethod) {
  static final int MIN_BROKERS = 3;

  ClusterRequest {
    if (brokers < MIN_BROKERS) {
      throw new IllegalArgumentException(
          "@KafkaClusterTest(brokers = "
              + brokers
              + "): a cluster needs at least "
              + MIN_BROKERS
              + " (replication factor 3, min.insync.replicas 2)");
    }
  }

  /** The request of {@code testMethod} (empty for class-level callbacks) in {@code testClass}. */
  static ClusterRequest of(Optional<Method> testMethod, Optional<Class<?>> testClass) {
    Optional<KafkaClusterTest> onMethod =
        testMethod.flatMap(
            method -> AnnotationSupport.findAnnotation(method, KafkaClusterTest.class));
    if (onMethod.isPresent()) {
      return new ClusterRequest(onMethod.get().brokers(), onMethod.get().fresh(), true);
    }
    return testClass
        .flatMap(type -> AnnotationSupport.findAnnotation(type, KafkaClusterTest.class))
        .map(annotation -> new ClusterRequest(annotation.brokers(), annotation.fresh(), false))
        .orElse(new ClusterRequest(MIN_BROKERS, false, false));
  }

  /** What the cluster is kept under in its store. */
  String key() {
    return (fresh ? "fresh" : "shared") + " cluster of " + brokers + " brokers";
  }
}
