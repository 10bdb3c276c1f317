package io.eventgateway.grpc;

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
 * The gRPC adapter reaches the core through its inbound ports only (never its services, never the
 * log), and each rule catches a planted violation.
 */
class ArchitectureTest {
  private static final JavaClasses PRODUCT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.eventgateway.grpc");
  private static final JavaClasses FIXTURES =
      new ClassFileImporter().importPackages("io.eventgateway.grpcfixture");

  @Test
  void theAdapterUsesPortsNotServices() {
    ArchitectureRules.adaptersUsePortsNotServices("io.eventgateway").check(PRODUCT);
  }

  @Test
  void theAdapterUsesInboundPortsOnly() {
    ArchitectureRules.drivingAdapterUsesInboundPortsOnly("io.eventgateway").check(PRODUCT);
  }

  @Test
  void theRulesSeeEveryServicePackageOfTheAdapter() {
    assertThat(PRODUCT.stream().map(JavaClass::getPackageName).collect(Collectors.toSet()))
        .contains(
            "io.eventgateway.grpc",
            "io.eventgateway.grpc.publish",
            "io.eventgateway.grpc.subscribe",
            "io.eventgateway.grpc.admin",
            "io.eventgateway.grpc.mapping",
            "io.eventgateway.grpc.status",
            "io.eventgateway.grpc.tracking");
  }

  @Test
  void servicesRuleCatchesAnAdapterThatCallsAService() {
    assertThatThrownBy(
            () ->
                ArchitectureRules.adaptersUsePortsNotServices("io.eventgateway.grpcfixture")
                    .check(FIXTURES))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("AdapterUsingAService");
  }

  @Test
  void inboundRuleCatchesAnAdapterThatWritesToTheLog() {
    assertThatThrownBy(
            () ->
                ArchitectureRules.drivingAdapterUsesInboundPortsOnly("io.eventgateway.grpcfixture")
                    .check(FIXTURES))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("AdapterWritingToTheLog");
  }

  @Test
  void inboundRuleCatchesASubPackageThatReadsTheLog() {
    assertThatThrownBy(
            () ->
                ArchitectureRules.drivingAdapterUsesInboundPortsOnly("io.eventgateway.grpcfixture")
                    .check(FIXTURES))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("SubscriberReadingTheSource");
  }
}
