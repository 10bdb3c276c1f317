/**
 * The executable and its life cycle. {@link io.eventgateway.app.Main} routes {@code
 * java.util.logging} to Log4j and runs the {@code esg} command line ({@link
 * io.eventgateway.app.cli}); {@code esg serve} starts a {@link io.eventgateway.app.Gateway}, whose
 * {@link io.eventgateway.app.GatewayWiring} builds the parts from the configuration ({@link
 * io.eventgateway.app.config}) in order: the one place that says who is built from what and who
 * decorates whom. {@link io.eventgateway.app.ShutdownSequence} closes them in reverse start order,
 * after a failed start as after a drain; {@link io.eventgateway.app.StartupReport} logs what the
 * gateway serves once it is ready.
 *
 * <p>This module may use every other one; it is the only one that knows both adapters. The wiring
 * is by hand, and the end-to-end tests start the gateway through the same {@code Gateway.start}.
 */
package io.eventgateway.app;
