package io.eventgateway.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Binds the merged tree of {@link ConfigSources} to the model's records: each value converted to
 * its key's type and checked against its {@link Setting} (range, allowed words, required), each key
 * no source set given its default, then each record built by its canonical constructor, whose
 * checks see the whole section. Every failure names the key's path and where its value came from.
 */
final class ConfigBinder {
  private final ConfigSources sources;

  ConfigBinder(ConfigSources sources) {
    this.sources = sources;
  }

  <T extends Record> T bind(ConfigKey root, Class<T> model) {
    return model.cast(section(root, ConfigPath.ROOT, sources.tree().root()));
  }

  private Object section(ConfigKey section, ConfigPath at, JsonNode node) {
    List<ConfigKey> keys = section.children();
    Object[] values = new Object[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      ConfigKey key = keys.get(i);
      JsonNode value = node == null ? null : node.get(key.name());
      if (value != null && value.isNull()) {
        value = null;
      }
      values[i] = key(key, at.child(key.name(), key), value);
    }
    return construct(section.type(), values, at, node);
  }

  private Object key(ConfigKey key, ConfigPath at, JsonNode value) {
    return switch (key.kind()) {
      case SECTION -> section(key, at, value);
      case LIST -> list(key, at, value == null ? defaultNode(key) : value);
      case MAP -> map(value == null ? defaultNode(key) : value);
      case VALUE -> value(key, at, value);
    };
  }

  private List<Object> list(ConfigKey key, ConfigPath at, JsonNode array) {
    ConfigKey element = ConfigSources.element(key);
    List<Object> elements = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      elements.add(section(element, at.index(key, i), array.get(i)));
    }
    return elements;
  }

  private static Map<String, String> map(JsonNode object) {
    Map<String, String> entries = new LinkedHashMap<>();
    object.properties().forEach(e -> entries.put(e.getKey(), e.getValue().asText()));
    return entries;
  }

  private Object value(ConfigKey key, ConfigPath at, JsonNode node) {
    Setting setting = key.setting();
    if (node == null) {
      if (key.hasFixedDefault()) {
        return convert(key, at, defaultNode(key), "");
      }
      if (setting.required()) {
        throw new ConfigException(at.text() + " is required");
      }
      if (key.type().isPrimitive()) {
        throw new IllegalStateException(key.path() + " is primitive and has no default");
      }
      return null;
    }
    String origin = sources.tree().originOf(at).map(o -> " (from " + o + ")").orElse("");
    Object value = convert(key, at, node, origin);
    checkRange(key, at, value, origin);
    if (setting.oneOf().length > 0 && !Arrays.asList(setting.oneOf()).contains(value)) {
      throw new ConfigException(
          at.text()
              + " must be one of "
              + String.join(", ", setting.oneOf())
              + ", was '"
              + value
              + "'"
              + origin);
    }
    return value;
  }

  private static Object convert(ConfigKey key, ConfigPath at, JsonNode node, String origin) {
    Class<?> type = key.type();
    String text = node.asText();
    if (type == String.class) {
      return text;
    }
    if (type == int.class || type == Integer.class) {
      long number = wholeNumber(at, node, origin);
      if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
        throw new ConfigException(at.text() + " is too large: " + text + origin);
      }
      return (int) number;
    }
    if (type == long.class || type == Long.class) {
      return wholeNumber(at, node, origin);
    }
    if (type == boolean.class || type == Boolean.class) {
      if (node.isBoolean()) {
        return node.booleanValue();
      }
      if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
      }
      throw new ConfigException(at.text() + " must be true or false, was '" + text + "'" + origin);
    }
    if (type == Duration.class) {
      try {
        return Durations.parse(text, at.text());
      } catch (IllegalArgumentException notADuration) {
        throw new ConfigException(notADuration.getMessage() + origin, notADuration);
      }
    }
    if (type == Path.class) {
      return Path.of(text);
    }
    if (type.isEnum()) {
      for (Object constant : type.getEnumConstants()) {
        if (((Enum<?>) constant).name().equalsIgnoreCase(text.trim())) {
          return constant;
        }
      }
      throw new ConfigException(
          at.text()
              + ": '"
              + text
              + "' is not one of "
              + String.join(
                  ", ",
                  Arrays.stream(type.getEnumConstants())
                      .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                      .toList())
              + origin);
    }
    throw new IllegalStateException("no conversion to " + type + " for " + key.path());
  }

  private static long wholeNumber(ConfigPath at, JsonNode node, String origin) {
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    try {
      return Long.parseLong(node.asText().trim());
    } catch (NumberFormatException notANumber) {
      throw new ConfigException(
          at.text() + " must be a whole number, was '" + node.asText() + "'" + origin, notANumber);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void checkRange(ConfigKey key, ConfigPath at, Object value, String origin) {
    Setting setting = key.setting();
    if (!(value instanceof Comparable comparable)) {
      return;
    }
    boolean tooSmall =
        !setting.min().isEmpty() && comparable.compareTo(bound(key, setting.min())) < 0;
    boolean tooLarge =
        !setting.max().isEmpty() && comparable.compareTo(bound(key, setting.max())) > 0;
    if (!tooSmall && !tooLarge) {
      return;
    }
    String allowed;
    if (!setting.min().isEmpty() && !setting.max().isEmpty()) {
      allowed = "between " + setting.min() + " and " + setting.max();
    } else if (tooSmall) {
      allowed = "at least " + setting.min();
    } else {
      allowed = "at most " + setting.max();
    }
    throw new ConfigException(
        at.text() + " must be " + allowed + ", was " + written(value) + origin);
  }

  private static Object bound(ConfigKey key, String text) {
    Class<?> type = key.type();
    if (type == Duration.class) {
      return Durations.parse(text, key.path());
    }
    if (type == int.class || type == Integer.class) {
      return Integer.parseInt(text);
    }
    if (type == long.class || type == Long.class) {
      return Long.parseLong(text);
    }
    throw new IllegalStateException(key.path() + ": a range on " + type);
  }

  private static String written(Object value) {
    return value instanceof Duration duration ? Durations.format(duration) : String.valueOf(value);
  }

  /** The default of {@code key}, parsed from its {@link Setting#value()}. */
  static JsonNode defaultNode(ConfigKey key) {
    try {
      return ConfigSources.YAML.readTree(key.setting().value());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the default of " + key.path() + " is not YAML", e);
    }
  }

  private static Object construct(Class<?> type, Object[] values, ConfigPath at, JsonNode node) {
    Class<?>[] types =
        Arrays.stream(type.getRecordComponents())
            .map(RecordComponent::getType)
            .toArray(Class<?>[]::new);
    try {
      Constructor<?> constructor = type.getDeclaredConstructor(types);
      return constructor.newInstance(values);
    } catch (InvocationTargetException failed) {
      Throwable cause = failed.getCause();
      if (cause instanceof ConfigException config) {
        throw config;
      }
      if (cause instanceof IllegalArgumentException invalid) {
        throw new ConfigException(where(at, node) + invalid.getMessage(), invalid);
      }
      throw new IllegalStateException("cannot build " + type.getSimpleName(), cause);
    } catch (ReflectiveOperationException cannot) {
      throw new IllegalStateException("cannot build " + type.getSimpleName(), cannot);
    }
  }

  /** {@code kafka.producer: } or {@code streams[0] (payments): }, before a section's own check. */
  private static String where(ConfigPath at, JsonNode node) {
    if (at.segments().isEmpty()) {
      return "";
    }
    JsonNode name = node == null ? null : node.get("name");
    return at.text() + (name != null && name.isTextual() ? " (" + name.asText() + ")" : "") + ": ";
  }
}
