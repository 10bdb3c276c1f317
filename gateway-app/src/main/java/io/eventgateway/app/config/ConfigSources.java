package io.eventgateway.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration's sources merged into one tree, each value remembering where it came from.
 * Sources are added weakest first: configuration files, then the environment, then flags; a later
 * value replaces an earlier one key by key (a list as a whole, a map entry by entry). What no
 * source sets takes its default when the tree is bound ({@link ConfigBinder}).
 *
 * <p>Every key a source names is checked against the {@link ConfigSchema} as it is added, so an
 * unknown key fails with its path, the source and the nearest valid key.
 */
public final class ConfigSources {
  /**
   * The variables of the {@code serve} flags whose names predate the naming rule, and the keys they
   * set. The rule's own name for each key works too, and wins when both are set.
   */
  public static final Map<String, String> VARIABLE_ALIASES =
      Map.of(
          "ESG_BOOTSTRAP_SERVERS", "kafka.bootstrap-servers",
          "ESG_KAFKA_PORT", "kafka.embedded.port",
          "ESG_KAFKA_CONTROLLER_PORT", "kafka.embedded.controller-port",
          "ESG_DATA_DIR", "kafka.embedded.data-dir");

  /** Keys that moved, by their old path; the old path still works, with a warning. */
  static final Map<String, String> MOVED_KEYS = Map.of("data-dir", "kafka.embedded.data-dir");

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final ConfigSchema schema;
  private final ConfigTree tree;
  private final List<String> warnings = new ArrayList<>();

  /** No source yet: every key at its default. */
  public ConfigSources() {
    this.schema = ConfigSchema.GATEWAY;
    this.tree = new ConfigTree(schema);
  }

  /**
   * The configuration these sources give.
   *
   * @throws ConfigException naming the key at fault, its value and where it came from
   */
  public EffectiveConfig resolve() {
    return new EffectiveConfig(
        new ConfigBinder(this).bind(schema.root(), GatewayConfig.class), this);
  }

  /** Adds a YAML configuration file; an empty file adds nothing. */
  public ConfigSources file(Path file) {
    String origin = "file " + file;
    JsonNode document;
    try {
      String text = Files.readString(file);
      document = text.isBlank() ? null : YAML.readTree(text);
    } catch (NoSuchFileException e) {
      throw new ConfigException("configuration file " + file + " does not exist", e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          "configuration file " + file + " is not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException(
          "configuration file " + file + " cannot be read: " + e.getMessage(), e);
    }
    if (document == null || document.isNull()) {
      return this;
    }
    try {
      addSection(schema.root(), ConfigPath.ROOT, document, origin);
    } catch (ConfigException invalid) {
      throw new ConfigException(
          "configuration file " + file + ", at " + invalid.getMessage(), invalid);
    }
    return this;
  }

  /**
   * Adds the configuration variables of {@code environment}: {@code ESG_} and a key's path (see
   * {@link ConfigKey#environmentVariable()}), or one of {@link #VARIABLE_ALIASES}. Variables set to
   * the empty string count as unset; {@code ESG_} variables that are not configuration (such as
   * {@code ESG_CONFIG}) are skipped.
   */
  public ConfigSources environment(Map<String, String> environment) {
    Map<String, String> sorted = new TreeMap<>(environment);
    List<Map.Entry<String, String>> aliased = new ArrayList<>();
    List<Map.Entry<String, ConfigPath>> named = new ArrayList<>();
    for (Map.Entry<String, String> variable : sorted.entrySet()) {
      if (variable.getValue().isEmpty()) {
        continue;
      }
      String alias = VARIABLE_ALIASES.get(variable.getKey());
      if (alias != null) {
        aliased.add(Map.entry(variable.getKey(), alias));
        continue;
      }
      schema
          .pathOfVariable(variable.getKey())
          .ifPresent(path -> named.add(Map.entry(variable.getKey(), path)));
    }
    for (Map.Entry<String, String> alias : aliased) {
      set(schema.path(alias.getValue()), sorted.get(alias.getKey()), "env " + alias.getKey());
    }
    for (Map.Entry<String, ConfigPath> variable : named) {
      String value = sorted.get(variable.getKey());
      String earlier = tree.origins().get(variable.getValue().text());
      if (earlier != null && earlier.startsWith("env ")) {
        warnings.add(
            variable.getKey()
                + " and "
                + earlier.substring(4)
                + " both set; "
                + variable.getKey()
                + " wins");
      }
      set(variable.getValue(), value, "env " + variable.getKey());
    }
    return this;
  }

  /**
   * Sets the key at {@code path} (dotted, as {@link ConfigSchema#path} reads it) to {@code value},
   * written as in the file; {@code origin} says where it came from, such as {@code flag
   * --grpc-port}.
   */
  public ConfigSources set(String path, String value, String origin) {
    ConfigPath at;
    try {
      at = schema.path(path);
    } catch (ConfigException unknown) {
      throw new ConfigException(origin + ": " + unknown.getMessage(), unknown);
    }
    return set(at, value, origin);
  }

  private ConfigSources set(ConfigPath at, String value, String origin) {
    boolean structured =
        at.target() == ConfigPath.Target.ELEMENT
            || (at.target() == ConfigPath.Target.KEY && at.key().kind() != ConfigKey.Kind.VALUE);
    JsonNode node = structured ? parse(value, at, origin) : TextNode.valueOf(value);
    try {
      if (structured && at.target() == ConfigPath.Target.KEY) {
        addKey(at.key(), at, node, origin);
      } else if (at.target() == ConfigPath.Target.ELEMENT) {
        checkSection(element(at.key()), at, node);
        tree.put(at, node, origin);
      } else {
        tree.put(at, node, origin);
      }
    } catch (ConfigException invalid) {
      throw new ConfigException(origin + ": " + invalid.getMessage(), invalid);
    }
    return this;
  }

  private static JsonNode parse(String value, ConfigPath at, String origin) {
    try {
      return YAML.readTree(value);
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          origin
              + ": "
              + at.text()
              + " takes YAML, such as [a, b] or {k: v}: "
              + e.getOriginalMessage(),
          e);
    }
  }

  /** The merged tree: what the sources set, no defaults, with each value's origin. */
  ConfigTree tree() {
    return tree;
  }

  /** What the sources did that works but should change, such as a key under its old name. */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  private void addSection(ConfigKey section, ConfigPath at, JsonNode node, String origin) {
    if (!node.isObject()) {
      throw new ConfigException(
          (at.segments().isEmpty() ? "the top level" : at.text())
              + ": expected a section of keys, found "
              + describe(node));
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (field.getValue().isNull()) {
        continue; // "grpc:" with nothing under it: the defaults
      }
      String moved = at.segments().isEmpty() ? MOVED_KEYS.get(field.getKey()) : null;
      if (moved != null) {
        warnings.add(origin + ": " + field.getKey() + " is now " + moved + "; rename it");
        ConfigPath target = schema.path(moved);
        addKey(target.key(), target, field.getValue(), origin);
        continue;
      }
      ConfigKey child =
          section
              .child(field.getKey())
              .orElseThrow(() -> ConfigSchema.unknownKey(section, join(at, field.getKey())));
      addKey(child, at.child(child.name(), child), field.getValue(), origin);
    }
  }

  private void addKey(ConfigKey key, ConfigPath at, JsonNode node, String origin) {
    switch (key.kind()) {
      case SECTION -> addSection(key, at, node, origin);
      case LIST -> {
        if (!node.isArray()) {
          throw new ConfigException(at.text() + ": expected a list, found " + describe(node));
        }
        ConfigKey element = element(key);
        for (int i = 0; i < node.size(); i++) {
          checkSection(element, at.index(key, i), node.get(i));
        }
        tree.put(at, node, origin);
      }
      case MAP -> {
        if (!node.isObject()) {
          throw new ConfigException(
              at.text() + ": expected keys and values, found " + describe(node));
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
          ConfigPath entryPath = at.entry(key, entry.getKey());
          requireScalar(entryPath, entry.getValue());
          tree.put(entryPath, entry.getValue(), origin);
        }
      }
      case VALUE -> {
        requireScalar(at, node);
        tree.put(at, node, origin);
      }
    }
  }

  /** Checks the keys of a list element (which is put as part of its list). */
  private static void checkSection(ConfigKey section, ConfigPath at, JsonNode node) {
    if (!node.isObject()) {
      throw new ConfigException(
          at.text() + ": expected a section of keys, found " + describe(node));
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      ConfigKey child =
          section
              .child(field.getKey())
              .orElseThrow(() -> ConfigSchema.unknownKey(section, join(at, field.getKey())));
      JsonNode value = field.getValue();
      ConfigPath childPath = at.child(child.name(), child);
      if (child.kind() == ConfigKey.Kind.SECTION && !value.isNull()) {
        checkSection(child, childPath, value);
      } else if (child.kind() == ConfigKey.Kind.VALUE && !value.isNull()) {
        requireScalar(childPath, value);
      }
    }
  }

  /** The section each element of {@code list} is. */
  static ConfigKey element(ConfigKey list) {
    return new ConfigKey(
        list.path() + "[]",
        list.name(),
        ConfigKey.Kind.SECTION,
        list.setting(),
        list.type(),
        list.children());
  }

  private static void requireScalar(ConfigPath at, JsonNode node) {
    if (node.isContainerNode()) {
      throw new ConfigException(at.text() + ": expected a single value, found " + describe(node));
    }
  }

  private static String describe(JsonNode node) {
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a section";
    }
    return "'" + node.asText() + "'";
  }

  private static String join(ConfigPath at, String name) {
    return at.segments().isEmpty() ? name : at.text() + "." + name;
  }
}
