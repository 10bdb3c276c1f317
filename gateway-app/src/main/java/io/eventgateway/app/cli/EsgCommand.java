package io.eventgateway.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code esg} command. */
@Command(
    name = "esg",
    mixinStandardHelpOptions = true,
    versionProvider = EsgCommand.Version.class,
    subcommands = {
      ServeCommand.class,
      ConfigCommand.class,
      PublishCli.class,
      SubscribeCli.class,
      StreamsCli.class,
      GroupsCli.class,
      CommandLine.HelpCommand.class
    },
    description = {
      "Event Streaming Gateway: publish CloudEvents over gRPC into Apache Kafka.",
      "",
      "Start a gateway with its own Kafka broker:",
      "  esg serve",
      "Publish an event to it (from another terminal):",
      "  esg publish --stream events --source /me --type hello --subject s1 --data hi",
      "Help on a command:",
      "  esg help serve",
      ""
    })
public final class EsgCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The command line, with the settings every entry point (main, tests) shares. */
  public static CommandLine commandLine() {
    return new CommandLine(new EsgCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = EsgCommand.class.getPackage().getImplementationVersion();
      return new String[] {"esg " + (version == null ? "development build" : version)};
    }
  }
}
