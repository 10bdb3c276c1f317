package io.eventgateway.core.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The hexagon's rules that Maven modules cannot express. Each rule takes the root package, so the
 * same rule runs against the product ({@code io.eventgateway}) and against planted violations in
 * test fixtures (which proves it can fail).
 *
 * <p>Module boundaries already make a forbidden import a compile error: the core has no Kafka, gRPC
 * or protobuf on its classpath, and the adapters do not see each other. These rules guard the
 * inside of the modules.
 */
public final class ArchitectureRules {
  private ArchitectureRules() {}

  /** The domain is plain values: it depends on the JDK and on itself only. */
  public static ArchRule domainDependsOnlyOnItself(String root) {
    return classes()
        .that()
        .resideInAPackage(root + ".core.domain..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", root + ".core.domain..")
        .because("the domain knows nothing of use cases, ports or technology");
  }

  /** The core (domain, application, ports) depends on the JDK and on itself only. */
  public static ArchRule coreDependsOnlyOnTheJdk(String root) {
    return classes()
        .that()
        .resideInAPackage(root + ".core..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", root + ".core..")
        .because("the core must run without Kafka, gRPC or any framework");
  }

  /** Ports are contracts: they never reach into the services that implement or use them. */
  public static ArchRule portsDoNotDependOnServices(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".core.port..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(root + ".core.application..")
        .because("adapters see ports, never the services behind them");
  }

  /** Adapters talk to the core through ports only; the services are wired by the app. */
  public static ArchRule adaptersUsePortsNotServices(String root) {
    return noClasses()
        .that()
        .resideInAnyPackage(root + ".kafka..", root + ".grpc..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(root + ".core.application..")
        .because("adapters depend on ports; only the app module wires services");
  }

  /** The driving (gRPC) adapter calls use cases; it never writes to the log directly. */
  public static ArchRule drivingAdapterUsesInboundPortsOnly(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".grpc..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(root + ".core.port.out..", root + ".kafka..")
        .because("a gRPC call must go through a use case (validation, catalogue, drain)");
  }

  /** The driven (Kafka) adapter implements outbound ports; it never calls use cases or gRPC. */
  public static ArchRule drivenAdapterUsesOutboundPortsOnly(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".kafka..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(root + ".core.port.in..", root + ".grpc..", root + ".app..")
        .because("the Kafka adapter is driven: it implements ports and knows no inbound side");
  }
}
