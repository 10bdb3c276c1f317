package io.eventgateway.kafka;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.eventgateway.core.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The Kafka adapter is driven: it implements outbound ports and uses the domain, never the core's
 * services or inbound ports. (The rules are proven able to fail by the core's own planted
 * violations.)
 */
class ArchitectureTest {
  private static final JavaClasses PRODUCT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.eventgateway.kafka");

  @Test
  void usesOutboundPortsOnly() {
    ArchitectureRules.drivenAdapterUsesOutboundPortsOnly("io.eventgateway").check(PRODUCT);
  }

  @Test
  void usesPortsNotServices() {
    ArchitectureRules.adaptersUsePortsNotServices("io.eventgateway").check(PRODUCT);
  }
}
