/**
 * The gateway's configuration, each key defined once.
 *
 * <ul>
 *   <li>The model: {@link io.eventgateway.app.config.GatewayConfig} and one record per section
 *       ({@code GrpcConfig}, {@code HttpConfig}, {@code KafkaConfig}, {@code LimitsConfig}, {@code
 *       DedupConfig}, {@code StreamConfig}), shaped like the YAML file. The {@link
 *       io.eventgateway.app.config.Setting} on a component gives the key's default, range, allowed
 *       words and one-line doc; the record's compact constructor checks what spans keys.
 *   <li>{@link io.eventgateway.app.config.ConfigSources} merges files, {@code ESG_*} environment
 *       variables and flags, weakest first, each value remembering its source; an unknown key fails
 *       with its path and the nearest valid one. {@code ConfigBinder} binds the merged tree to the
 *       model, filling in defaults and naming the key and source of every bad value.
 *   <li>{@link io.eventgateway.app.config.ConfigSchema} reads the keys off the model: the
 *       environment variables' names, and the reference in {@code docs/configuration.md} ({@link
 *       io.eventgateway.app.config.ConfigReference}, checked by a test); {@link
 *       io.eventgateway.app.config.EffectiveConfig} is what {@code esg config} prints, secrets
 *       masked ({@link io.eventgateway.app.config.SecretMasking}).
 * </ul>
 *
 * <p>Immutable once bound; the adapters get their settings from the model in {@code GatewayWiring}.
 */
package io.eventgateway.app.config;
