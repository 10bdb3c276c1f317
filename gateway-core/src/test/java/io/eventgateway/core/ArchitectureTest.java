package io.eventgateway.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.eventgateway.core.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The core's inside rules hold, and each of them catches a planted violation. */
class ArchitectureTest {
  private static final JavaClasses PRODUCT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.eventgateway.core");
  private static final JavaClasses FIXTURES =
      new ClassFileImporter().importPackages("io.eventgateway.fixture.core");

  @Test
  void domainDependsOnlyOnItself() {
    ArchitectureRules.domainDependsOnlyOnItself("io.eventgateway").check(PRODUCT);
  }

  @Test
  void coreDependsOnlyOnTheJdk() {
    ArchitectureRules.coreDependsOnlyOnTheJdk("io.eventgateway").check(PRODUCT);
  }

  @Test
  void portsDoNotDependOnServices() {
    ArchitectureRules.portsDoNotDependOnServices("io.eventgateway").check(PRODUCT);
  }

  @Test
  void domainRuleCatchesADomainClassThatUsesAService() {
    assertThatThrownBy(
            () ->
                ArchitectureRules.domainDependsOnlyOnItself("io.eventgateway.fixture")
                    .check(FIXTURES))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("DomainUsingAService");
  }

  @Test
  void coreRuleCatchesACoreClassThatUsesALibrary() {
    assertThatThrownBy(
            () ->
                ArchitectureRules.coreDependsOnlyOnTheJdk("io.eventgateway.fixture")
                    .check(FIXTURES))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ServiceUsingALibrary");
  }

  @Test
  void portRuleCatchesAPortThatUsesAService() {
    assertThatThrownBy(
            () ->
                ArchitectureRules.portsDoNotDependOnServices("io.eventgateway.fixture")
                    .check(FIXTURES))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("PortUsingAService");
  }
}
