package io.eventgateway.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class (or method) a real {@link io.eventgateway.testkit.kafka
 * KafkaCluster}, injected into any parameter of that type: of a constructor, a lifecycle method or
 * a test method. By default the cluster is shared by every class of the test run that asks for the
 * same size; see {@link KafkaClusterExtension} for the rules of sharing.
 *
 * <pre>{@code
 * @KafkaClusterTest(brokers = 3)
 * class ReplicationIT {
 *   @Test
 *   void survivesALeader(KafkaCluster cluster) { ... }
 * }
 * }</pre>
 *
 * <p>On a method it overrides the class's annotation for that method, e.g.
 * {@code @KafkaClusterTest(fresh = true)} for the one test whose point is a cluster nobody else
 * touched.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KafkaClusterExtension.class)
public @interface KafkaClusterTest {
  /** How many nodes, each a broker and a controller voter; 3 or more. */
  int brokers() default 3;

  /**
   * True for a cluster of the annotated class's (or method's) own, started before it and closed
   * after it, instead of the shared one: for tests that leave the cluster other than whole, or
   * whose point is a cluster in its first state.
   */
  boolean fresh() default false;
}
