package io.eventgateway.app.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference of every key, written from the {@link ConfigSchema}: the tables of {@code
 * docs/configuration.md}, between its generated-section markers. A test checks that the file holds
 * exactly this.
 */
public final class ConfigReference {
  /** The line before the generated part of {@code docs/configuration.md}. */
  public static final String BEGIN =
      "<!-- BEGIN GENERATED from the configuration model (ConfigReferenceTest); do not edit -->";

  /** The line after it. */
  public static final String END = "<!-- END GENERATED -->";

  private ConfigReference() {}

  /** The tables: the top level, then one per section and list, each key with its variable. */
  public static String markdown(ConfigSchema schema) {
    StringBuilder text = new StringBuilder();
    List<ConfigKey> topLevel = new ArrayList<>();
    for (ConfigKey key : schema.root().children()) {
      if (key.kind() != ConfigKey.Kind.SECTION) {
        topLevel.add(key);
      }
    }
    table(text, "Top level", "", topLevel);
    for (ConfigKey key : schema.root().children()) {
      if (key.kind() == ConfigKey.Kind.SECTION) {
        table(text, "`" + key.name() + "`", key.setting().doc(), leavesOf(key));
      }
    }
    for (ConfigKey key : schema.root().children()) {
      if (key.kind() == ConfigKey.Kind.LIST) {
        table(
            text, "`" + key.name() + "[]`", "Each element of `" + key.name() + "`.", leavesOf(key));
      }
    }
    return text.toString();
  }

  private static List<ConfigKey> leavesOf(ConfigKey section) {
    List<ConfigKey> leaves = new ArrayList<>();
    for (ConfigKey child : section.children()) {
      if (child.kind() == ConfigKey.Kind.SECTION) {
        leaves.addAll(leavesOf(child));
      } else {
        leaves.add(child);
      }
    }
    return leaves;
  }

  private static void table(StringBuilder text, String title, String doc, List<ConfigKey> keys) {
    text.append("### ").append(title).append("\n\n");
    if (!doc.isEmpty()) {
      text.append(capitalized(doc)).append(doc.endsWith(".") ? "" : ".").append("\n\n");
    }
    text.append("| key | type | default | environment variable | meaning |\n");
    text.append("|---|---|---|---|---|\n");
    for (ConfigKey key : keys) {
      text.append("| `")
          .append(key.path())
          .append("` | ")
          .append(key.typeDescription())
          .append(" | ")
          .append(defaultOf(key))
          .append(" | `")
          .append(variableOf(key))
          .append("` | ")
          .append(key.setting().doc())
          .append(" |\n");
    }
    text.append('\n');
  }

  private static String variableOf(ConfigKey key) {
    String variable = key.environmentVariable();
    return key.kind() == ConfigKey.Kind.MAP ? variable + "_<NAME>" : variable;
  }

  private static String defaultOf(ConfigKey key) {
    Setting setting = key.setting();
    if (setting.required()) {
      return "required";
    }
    if (key.hasFixedDefault()) {
      String value = setting.value();
      return value.equals("{}") ? "none" : "`" + value + "`";
    }
    return setting.derived();
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
