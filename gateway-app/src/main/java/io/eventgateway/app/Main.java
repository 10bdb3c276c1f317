package io.eventgateway.app;

import io.eventgateway.app.cli.EsgCommand;

/** The {@code esg} executable. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(EsgCommand.commandLine().execute(args));
  }
}
