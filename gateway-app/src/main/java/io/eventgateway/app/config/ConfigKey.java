package io.eventgateway.app.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One key of the configuration as {@link ConfigSchema} reads it off the model: a section (a
 * record), a list of sections, a map of free keys or a single value.
 *
 * @param path the key's path with {@code []} for a list element, e.g. {@code streams[].name}
 * @param name the key's own name, e.g. {@code name}
 * @param kind what the key holds
 * @param setting its definition; {@code null} only for the root
 * @param type the Java type of a value, the record of a section or of a list's elements
 * @param children the keys of a section or of a list's elements, in the model's order
 */
public record ConfigKey(
    String path, String name, Kind kind, Setting setting, Class<?> type, List<ConfigKey> children) {

  /** What a key holds. */
  public enum Kind {
    SECTION,
    LIST,
    MAP,
    VALUE
  }

  public ConfigKey {
    children = List.copyOf(children);
  }

  static ConfigKey root(Class<? extends Record> model) {
    return new ConfigKey("", "", Kind.SECTION, null, model, childrenOf(model, ""));
  }

  private static ConfigKey of(RecordComponent component, String parentPath) {
    Setting setting = component.getAnnotation(Setting.class);
    if (setting == null) {
      throw new IllegalStateException(
          component.getDeclaringRecord().getName()
              + "."
              + component.getName()
              + " has no @Setting");
    }
    String name = setting.name().isEmpty() ? kebabCase(component.getName()) : setting.name();
    String path = parentPath.isEmpty() ? name : parentPath + "." + name;
    Class<?> type = component.getType();
    if (type.isRecord()) {
      return new ConfigKey(path, name, Kind.SECTION, setting, type, childrenOf(type, path));
    }
    if (type == List.class) {
      Class<?> element = typeArgument(component.getGenericType(), 0);
      return new ConfigKey(
          path, name, Kind.LIST, setting, element, childrenOf(element, path + "[]"));
    }
    if (type == Map.class) {
      return new ConfigKey(path, name, Kind.MAP, setting, String.class, List.of());
    }
    return new ConfigKey(path, name, Kind.VALUE, setting, type, List.of());
  }

  private static List<ConfigKey> childrenOf(Class<?> record, String path) {
    return java.util.Arrays.stream(record.getRecordComponents())
        .map(component -> of(component, path))
        .toList();
  }

  private static Class<?> typeArgument(Type type, int index) {
    return (Class<?>) ((ParameterizedType) type).getActualTypeArguments()[index];
  }

  static String kebabCase(String camelCase) {
    return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** The child named {@code childName}, if this section or list element has one. */
  public Optional<ConfigKey> child(String childName) {
    return children.stream().filter(c -> c.name.equals(childName)).findFirst();
  }

  /** Whether the key has a default written in its {@link Setting}. */
  public boolean hasFixedDefault() {
    return setting != null && !Setting.NO_DEFAULT.equals(setting.value());
  }

  /** A single value's fixed default as plain text ({@code 50051}, {@code 5ms}), if it has one. */
  public Optional<String> defaultText() {
    return kind == Kind.VALUE && hasFixedDefault()
        ? Optional.of(ConfigBinder.defaultNode(this).asText())
        : Optional.empty();
  }

  /** Whether the key's value is printed masked. */
  public boolean secret() {
    return setting != null && setting.secret();
  }

  /**
   * The environment variable that sets this key: {@code ESG_} and the path in upper case with
   * {@code .} and {@code -} as {@code _}; a list element's keys take the element's index ({@code
   * ESG_STREAMS_0_NAME}).
   */
  public String environmentVariable() {
    return "ESG_" + path.replace("[]", "_<i>").replaceAll("[.-]", "_").toUpperCase(Locale.ROOT);
  }

  /** The key's type in the reference's words, e.g. "integer, 0-65535" or "duration". */
  public String typeDescription() {
    String base =
        switch (kind) {
          case SECTION -> "section";
          case LIST -> "list";
          case MAP -> "map of string to string";
          case VALUE -> valueTypeName();
        };
    if (setting == null) {
      return base;
    }
    String min = setting.min();
    String max = setting.max();
    if (!min.isEmpty() && !max.isEmpty()) {
      return base + ", " + min + "-" + max;
    }
    if (!min.isEmpty()) {
      return base + ", at least " + min;
    }
    if (!max.isEmpty()) {
      return base + ", at most " + max;
    }
    return base;
  }

  private String valueTypeName() {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "integer";
    }
    if (type == boolean.class) {
      return "boolean";
    }
    if (type == Duration.class) {
      return "duration";
    }
    if (type == java.nio.file.Path.class) {
      return "path";
    }
    if (type.isEnum()) {
      return "one of "
          + String.join(
              ", ",
              java.util.Arrays.stream(type.getEnumConstants())
                  .map(c -> "`" + ((Enum<?>) c).name().toLowerCase(Locale.ROOT) + "`")
                  .toList());
    }
    if (setting != null && setting.oneOf().length > 0) {
      return "one of "
          + String.join(
              ", ", java.util.Arrays.stream(setting.oneOf()).map(v -> "`" + v + "`").toList());
    }
    return "string";
  }
}
