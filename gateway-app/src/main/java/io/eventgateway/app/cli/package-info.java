/**
 * The {@code esg} command line (picocli), under {@link io.eventgateway.app.cli.EsgCommand}: {@code
 * serve} runs the gateway, {@code config} prints the configuration it would run with ({@link
 * io.eventgateway.app.cli.ConfigOptions} makes it from files, flags and {@code --set}, for both);
 * the client commands {@code publish}, {@code subscribe}, {@code streams} and {@code groups} talk
 * to a running gateway over gRPC, at {@code --target} ({@code GatewayTarget}).
 *
 * <p>Output: results on stdout (tables, or JSON with {@code --json}; deliveries as JSON lines),
 * failures on stderr starting "esg: ": a failed call as "esg: CODE: description", exit code 1; a
 * bad configuration or option, exit code 2. This package is the only one that prints with {@code
 * System.out}.
 */
package io.eventgateway.app.cli;
