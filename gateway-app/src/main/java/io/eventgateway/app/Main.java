package io.eventgateway.app;

import io.eventgateway.app.cli.EsgCommand;

/** The {@code esg} executable. */
public final class Main {

  /**
   * The level of Netty's buffer leak detector inside gRPC (its shaded copy of Netty). Netty's
   * default samples one buffer in 128 and records a stack trace for each, which cost 1.7% of the
   * gateway's CPU under load (docs/performance.md); the gateway turns it off unless this property
   * is set, e.g. {@code -Dio.grpc.netty.shaded.io.netty.leakDetection.level=paranoid} to hunt a
   * leak.
   */
  static final String NETTY_LEAK_DETECTION = "io.grpc.netty.shaded.io.netty.leakDetection.level";

  /** The JDK's property that names the {@link java.util.logging.LogManager} class. */
  static final String JUL_MANAGER = "java.util.logging.manager";

  /** Log4j's {@link java.util.logging.LogManager}: every JUL logger is a Log4j logger. */
  static final String LOG4J_JUL_MANAGER = "org.apache.logging.log4j.jul.LogManager";

  /** Log4j's JUL handler, for when JUL was set up before {@link #main} could name the manager. */
  static final String LOG4J_JUL_BRIDGE = "org.apache.logging.log4j.jul.Log4jBridgeHandler";

  private Main() {}

  public static void main(String[] args) {
    routeJavaUtilLoggingToLog4j();
    if (System.getProperty(NETTY_LEAK_DETECTION) == null) {
      System.setProperty(NETTY_LEAK_DETECTION, "disabled");
    }
    System.exit(EsgCommand.commandLine().execute(args));
  }

  /**
   * Sends what gRPC-Java (and anything else) logs through {@code java.util.logging} to Log4j, so
   * that it gets the gateway's format and the levels and filters of log4j2.xml (which keep a client
   * from flooding the log with gRPC's stack traces). Must run before anything uses JUL.
   *
   * <p>Log4j's own LogManager is the fast way: JUL loggers become Log4j loggers, and a level Log4j
   * turns off costs one check. The JDK reads the property once, when JUL is first used; if that
   * happened already (a Java agent, say, or another manager named with {@code
   * -Djava.util.logging.manager}), the property has no effect, and the JUL root logger gets Log4j's
   * bridge handler instead of its console handler, with Log4j's levels copied onto the JUL loggers.
   * Either way nothing is printed by JUL's own console handler.
   */
  static void routeJavaUtilLoggingToLog4j() {
    if (System.getProperty(JUL_MANAGER) == null) {
      System.setProperty(JUL_MANAGER, LOG4J_JUL_MANAGER);
    }
    if (java.util.logging.LogManager.getLogManager()
        .getClass()
        .getName()
        .equals(LOG4J_JUL_MANAGER)) {
      return;
    }
    // by name: log4j-jul is a runtime dependency (its class files name OSGi annotations that
    // javac, with -Werror, would warn about)
    try {
      Class.forName(LOG4J_JUL_BRIDGE)
          .getMethod("install", boolean.class, String.class, boolean.class)
          .invoke(null, true, null, true);
    } catch (ReflectiveOperationException | LinkageError missing) {
      java.util.logging.Logger.getLogger(Main.class.getName())
          .warning("java.util.logging is not routed to Log4j: " + missing);
    }
  }
}
