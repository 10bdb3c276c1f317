package io.eventgateway.app.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The configuration's keys, read off the model ({@link GatewayConfig} and the records it holds),
 * and the two ways to name one from outside a file: a dotted path ({@code grpc.port}, {@code
 * streams[0].name}, {@code kafka.properties.linger.ms}) and an environment variable ({@code
 * ESG_GRPC_PORT}, {@code ESG_STREAMS_0_NAME}, {@code ESG_KAFKA_PROPERTIES_LINGER_MS}).
 */
public final class ConfigSchema {
  /** The gateway's configuration. */
  public static final ConfigSchema GATEWAY = new ConfigSchema(GatewayConfig.class);

  private final ConfigKey root;

  ConfigSchema(Class<? extends Record> model) {
    this.root = ConfigKey.root(model);
  }

  public ConfigKey root() {
    return root;
  }

  /** Every key but the root, parents before children, in the model's order. */
  public List<ConfigKey> keys() {
    List<ConfigKey> all = new ArrayList<>();
    collect(root, all);
    return all;
  }

  private static void collect(ConfigKey key, List<ConfigKey> into) {
    for (ConfigKey child : key.children()) {
      into.add(child);
      collect(child, into);
    }
  }

  /**
   * The key {@code text} names, as a dotted path; a list index may be written {@code streams[0]} or
   * {@code streams.0}.
   *
   * @throws ConfigException when no key has that path, with the nearest one that does
   */
  public ConfigPath path(String text) {
    List<String> parts = new ArrayList<>();
    for (String part : text.replaceAll("\\[(\\d+)]", ".$1").split("\\.", -1)) {
      parts.add(part);
    }
    ConfigPath path = ConfigPath.ROOT;
    ConfigKey at = root;
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      if (at.kind() == ConfigKey.Kind.MAP) {
        return path.entry(at, String.join(".", parts.subList(i, parts.size())));
      }
      if (at.kind() == ConfigKey.Kind.LIST) {
        path = path.index(at, index(part, path));
        at = ConfigSources.element(at);
        continue;
      }
      Optional<ConfigKey> child = at.child(part);
      if (child.isEmpty()) {
        throw unknownKey(at, path.child(part, null).text());
      }
      at = child.get();
      path = path.child(part, at);
    }
    if (at.kind() == ConfigKey.Kind.SECTION && path.target() == ConfigPath.Target.KEY) {
      throw new ConfigException(path.text() + " is a section; name one of its keys");
    }
    return path;
  }

  private static int index(String part, ConfigPath list) {
    try {
      return Integer.parseInt(part);
    } catch (NumberFormatException notANumber) {
      throw new ConfigException(list.text() + " is a list: '" + part + "' is not an index");
    }
  }

  /**
   * The key environment variable {@code name} sets, when it names one; empty when it is not a
   * configuration variable at all (such as {@code ESG_CONFIG} or {@code ESG_LOG_LEVEL}).
   *
   * @throws ConfigException when it starts like the variable of a section ({@code ESG_GRPC_...})
   *     but names no key of it, with the nearest variable that does
   */
  public Optional<ConfigPath> pathOfVariable(String name) {
    if (!name.startsWith("ESG_")) {
      return Optional.empty();
    }
    String rest = name.substring("ESG_".length());
    for (ConfigKey top : root.children()) {
      String prefix = variablePart(top.name());
      if (rest.equals(prefix)) {
        return top.kind() == ConfigKey.Kind.SECTION
            ? Optional.empty()
            : Optional.of(ConfigPath.ROOT.child(top.name(), top));
      }
      if (rest.startsWith(prefix + "_") && top.kind() != ConfigKey.Kind.VALUE) {
        return Optional.of(
            variableInside(top, ConfigPath.ROOT.child(top.name(), top), rest, prefix, name));
      }
    }
    return Optional.empty();
  }

  private ConfigPath variableInside(
      ConfigKey key, ConfigPath path, String rest, String prefix, String variable) {
    String remainder = rest.substring(prefix.length() + 1);
    switch (key.kind()) {
      case MAP -> {
        return path.entry(key, remainder.toLowerCase(Locale.ROOT).replace('_', '.'));
      }
      case LIST -> {
        int underscore = remainder.indexOf('_');
        String digits = underscore < 0 ? remainder : remainder.substring(0, underscore);
        if (!digits.matches("\\d+")) {
          throw new ConfigException(
              "environment variable "
                  + variable
                  + ": "
                  + key.path()
                  + " is a list; name an element by its index, as in "
                  + "ESG_"
                  + prefix
                  + "_0_"
                  + variablePart(key.children().get(0).name()));
        }
        ConfigPath element = path.index(key, Integer.parseInt(digits));
        if (underscore < 0) {
          throw new ConfigException(
              "environment variable " + variable + " names a list element; name one of its keys");
        }
        return childByVariable(key, element, remainder.substring(underscore + 1), variable);
      }
      case SECTION -> {
        return childByVariable(key, path, remainder, variable);
      }
      default -> throw new IllegalStateException("a value has no keys: " + key.path());
    }
  }

  private ConfigPath childByVariable(
      ConfigKey parent, ConfigPath path, String remainder, String variable) {
    for (ConfigKey child : parent.children()) {
      String part = variablePart(child.name());
      if (remainder.equals(part)) {
        if (child.kind() == ConfigKey.Kind.SECTION) {
          break;
        }
        return path.child(child.name(), child);
      }
      if (remainder.startsWith(part + "_") && child.kind() != ConfigKey.Kind.VALUE) {
        return variableInside(child, path.child(child.name(), child), remainder, part, variable);
      }
    }
    List<String> candidates = new ArrayList<>();
    variablesOf(parent, variable.substring(0, variable.length() - remainder.length()), candidates);
    throw new ConfigException(
        "environment variable "
            + variable
            + " names no configuration key"
            + NearestKey.of(variable, candidates).map(v -> "; did you mean " + v + "?").orElse(""));
  }

  private static void variablesOf(ConfigKey parent, String prefix, List<String> into) {
    for (ConfigKey child : parent.children()) {
      String variable = prefix + variablePart(child.name());
      if (child.kind() == ConfigKey.Kind.SECTION) {
        variablesOf(child, variable + "_", into);
      } else {
        into.add(variable);
      }
    }
  }

  private static String variablePart(String keyName) {
    return keyName.replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /** The error for {@code path}, which {@code parent} does not have, with the nearest key. */
  static ConfigException unknownKey(ConfigKey parent, String path) {
    List<String> siblings = parent.children().stream().map(ConfigKey::name).toList();
    String given = path.substring(path.lastIndexOf('.') + 1);
    Optional<String> nearest = NearestKey.of(given, siblings);
    String where = parent.path().isEmpty() ? "at the top level" : "in " + parent.path();
    return new ConfigException(
        path
            + ": unknown key"
            + nearest
                .map(n -> "; did you mean '" + n + "'?")
                .orElse(" (valid " + where + ": " + String.join(", ", siblings) + ")"));
  }
}
