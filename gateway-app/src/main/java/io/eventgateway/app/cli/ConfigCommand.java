package io.eventgateway.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.eventgateway.app.config.EffectiveConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code esg config}: the configuration {@code esg serve} would run with, and its sources. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    versionProvider = EsgCommand.Version.class,
    defaultValueProvider = ConfigOptions.Defaults.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Print the effective configuration of 'esg serve' given the same options and environment:"
          + " every key, its value, and where the value comes from (default, file, env, flag)."
          + " Secrets are masked. Nothing is started.",
      "",
      "Exit code 2 with the error when the configuration is not valid.",
      ""
    })
public final class ConfigCommand implements Callable<Integer> {
  /** How to print. */
  enum Format {
    TEXT,
    JSON
  }

  @Mixin ConfigOptions options;

  @Option(
      names = "--format",
      description = "text (key: value  # origin) or json (default ${DEFAULT-VALUE}).",
      defaultValue = "text")
  Format format;

  @Override
  public Integer call() throws Exception {
    EffectiveConfig resolved;
    try {
      resolved = options.resolve(System.getenv());
    } catch (IllegalArgumentException invalid) {
      System.err.println("esg: " + invalid.getMessage());
      return 2;
    }
    resolved
        .sources()
        .warnings()
        .forEach(warning -> System.err.println("esg: warning: " + warning));
    if (format == Format.JSON) {
      System.out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(resolved.entries()));
    } else {
      resolved.lines().forEach(System.out::println);
    }
    return 0;
  }
}
