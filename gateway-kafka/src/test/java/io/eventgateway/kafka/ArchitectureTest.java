package io.eventgateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.eventgateway.core.testing.ArchitectureRules;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Kafka adapter is driven: it implements outbound ports and uses the domain, never the core's
 * services or inbound ports, nor the gRPC adapter; the outbound rule catches planted violations
 * (the services rule is proven in the gRPC adapter's test). The embedded broker ({@code
 * kafka.embedded}) is a module of its own that depends on neither the core nor an adapter, so its
 * module boundary holds these rules for it.
 */
class ArchitectureTest {
  private static final JavaClasses PRODUCT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          // the embedded broker, on the tests' classpath only: its module holds it apart
          .withImportOption(location -> !location.contains("gateway-kafka-embedded"))
          .importPackages("io.eventgateway.kafka");
  private static final JavaClasses FIXTURES =
      new ClassFileImporter().importPackages("io.eventgateway.kafkafixture");

  @Test
  void usesOutboundPortsOnly() {
    ArchitectureRules.drivenAdapterUsesOutboundPortsOnly("io.eventgateway").check(PRODUCT);
  }

  @Test
  void usesPortsNotServices() {
    ArchitectureRules.adaptersUsePortsNotServices("io.eventgateway").check(PRODUCT);
  }

  @Test
  void theRulesSeeEveryPackageOfTheAdapter() {
    assertThat(PRODUCT.stream().map(JavaClass::getPackageName).collect(Collectors.toSet()))
        .contains(
            "io.eventgateway.kafka",
            "io.eventgateway.kafka.administration",
            "io.eventgateway.kafka.cloudevents",
            "io.eventgateway.kafka.publish",
            "io.eventgateway.kafka.subscribe",
            "io.eventgateway.kafka.monitor");
  }

  @Test
  void outboundRuleCatchesAnAdapterThatCallsAUseCase() {
    assertThatThrownBy(
            () ->
                ArchitectureRules.drivenAdapterUsesOutboundPortsOnly("io.eventgateway.kafkafixture")
                    .check(FIXTURES))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("AdapterCallingAUseCase");
  }

  @Test
  void outboundRuleCatchesASubPackageThatCallsTheGrpcAdapter() {
    assertThatThrownBy(
            () ->
                ArchitectureRules.drivenAdapterUsesOutboundPortsOnly("io.eventgateway.kafkafixture")
                    .check(FIXTURES))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("FeedTalkingGrpc");
  }
}
