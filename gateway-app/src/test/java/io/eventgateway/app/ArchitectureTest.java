package io.eventgateway.app;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.OnionArchitecture;
import io.eventgateway.core.application.PublishEventsService;
import io.eventgateway.grpc.publish.PublisherGrpcService;
import io.eventgateway.kafka.publish.KafkaEventLog;
import org.junit.jupiter.api.Test;

/**
 * The whole product, every module on the classpath, as an onion: the domain in the middle, ports
 * around it, the application services around those, adapters outside that never depend on each
 * other. The application ({@code io.eventgateway.app}) wires them and sits outside the onion. The
 * modules' own ArchUnit tests hold the finer rules (adapters use ports, not services).
 */
class ArchitectureTest {
  private static final JavaClasses PRODUCT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          // the modules' test-jars (test fixtures) when they come from the local repository
          .withImportOption(location -> !location.contains("-tests.jar"))
          // the test kit: test support that runs brokers and processes, not a part of the product
          .withImportOption(location -> !location.contains("gateway-testkit"))
          .importPackages("io.eventgateway");

  private static OnionArchitecture onion(String root) {
    return onionArchitecture()
        .domainModels(root + ".core.domain..")
        .domainServices(root + ".core.port..")
        .applicationServices(root + ".core.application..")
        .adapter("kafka", root + ".kafka..")
        .adapter("grpc", root + ".grpc..")
        .withOptionalLayers(true)
        // the composition root wires everything
        .ignoreDependency(resideInAPackage(root + ".app.."), alwaysTrue());
  }

  @Test
  void theProductIsAnOnionWithIndependentAdapters() {
    // the check is only worth something when it sees every module
    assertThat(PRODUCT.contain(PublishEventsService.class)).isTrue();
    assertThat(PRODUCT.contain(KafkaEventLog.class)).isTrue();
    assertThat(PRODUCT.contain(PublisherGrpcService.class)).isTrue();
    onion("io.eventgateway").check(PRODUCT);
  }

  @Test
  void theRuleCatchesADomainThatUsesAnAdapterAndAdaptersThatUseEachOther() {
    JavaClasses fixtures = new ClassFileImporter().importPackages("io.eventgateway.appfixture");
    assertThatThrownBy(() -> onion("io.eventgateway.appfixture").check(fixtures))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("LeakyDomain")
        .hasMessageContaining("AdapterCallingAnotherAdapter");
  }
}
