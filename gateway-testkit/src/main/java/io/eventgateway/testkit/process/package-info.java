/**
 * Child JVMs for tests and tools: {@link io.eventgateway.testkit.process.JvmCommand} says what to
 * run, {@link io.eventgateway.testkit.process.JvmProcess} runs it with its output in a log file,
 * awaits its readiness (an HTTP URL such as the gateway's {@code /health/ready}, or a log line) and
 * sends it the signals of a fault test. JDK and Awaitility only; no JUnit.
 */
package io.eventgateway.testkit.process;
