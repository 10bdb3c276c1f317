package io.eventgateway.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values the sources set, merged into one tree of YAML nodes, and where each came from: a later
 * value at a path replaces an earlier one and everything under it. Defaults are not in it; the
 * binder adds them. Not thread-safe.
 */
final class ConfigTree {
  private final ConfigSchema schema;
  private final ObjectNode root = JsonNodeFactory.instance.objectNode();
  private final Map<String, String> origins = new LinkedHashMap<>();

  ConfigTree(ConfigSchema schema) {
    this.schema = schema;
  }

  /** The merged values. */
  ObjectNode root() {
    return root;
  }

  /** Where each value set came from, by path ({@code grpc.port}: {@code env ESG_GRPC_PORT}). */
  Map<String, String> origins() {
    return Map.copyOf(origins);
  }

  /** The origin of the value at {@code path}: its own, or that of the list or map it is in. */
  Optional<String> originOf(ConfigPath path) {
    List<Object> segments = path.segments();
    for (int n = segments.size(); n > 0; n--) {
      String origin =
          origins.get(new ConfigPath(segments.subList(0, n), null, ConfigPath.Target.KEY).text());
      if (origin != null) {
        return Optional.of(origin);
      }
    }
    return Optional.empty();
  }

  /** Whether a source put a value at {@code path}, rather than leaving it to its default. */
  boolean isSet(ConfigPath path) {
    JsonNode node = root;
    for (Object segment : path.segments()) {
      if (node == null) {
        return false;
      }
      node = segment instanceof Integer index ? node.get(index) : node.get((String) segment);
    }
    return node != null && !node.isNull() && originOf(path).isPresent();
  }

  /** Puts {@code value} at {@code at}, making the sections and list elements on the way. */
  void put(ConfigPath at, JsonNode value, String origin) {
    List<Object> segments = at.segments();
    JsonNode parent = root;
    ConfigKey key = schema.root();
    List<Object> walked = new ArrayList<>();
    for (int i = 0; i < segments.size() - 1; i++) {
      Object segment = segments.get(i);
      walked.add(segment);
      Object next = segments.get(i + 1);
      if (segment instanceof String name) {
        ConfigKey child = key.kind() == ConfigKey.Kind.MAP ? key : key.child(name).orElse(key);
        key = child;
        ObjectNode object = (ObjectNode) parent;
        JsonNode existing = object.get(name);
        if (existing == null) {
          existing =
              next instanceof Integer && child.kind() == ConfigKey.Kind.LIST
                  ? materializeList(child, walked)
                  : JsonNodeFactory.instance.objectNode();
          object.set(name, existing);
        }
        parent = existing;
      } else {
        int index = (Integer) segment;
        ArrayNode array = (ArrayNode) parent;
        parent = elementAt(array, index, walked.subList(0, walked.size() - 1));
      }
    }
    Object last = segments.get(segments.size() - 1);
    String path = at.text();
    origins.keySet().removeIf(p -> p.startsWith(path + ".") || p.startsWith(path + "["));
    if (last instanceof Integer index) {
      ArrayNode array = (ArrayNode) parent;
      elementAt(array, index, walked);
      array.set(index, value);
    } else {
      ((ObjectNode) parent).set((String) last, value);
    }
    origins.put(path, origin);
  }

  /**
   * A list not set yet, about to get an element changed: its default, so the change applies to it.
   */
  private JsonNode materializeList(ConfigKey list, List<Object> walked) {
    ArrayNode defaults = JsonNodeFactory.instance.arrayNode();
    if (list.hasFixedDefault()) {
      try {
        defaults = (ArrayNode) ConfigSources.YAML.readTree(list.setting().value());
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the default of " + list.path() + " is not YAML", e);
      }
    }
    origins.put(new ConfigPath(walked, null, ConfigPath.Target.KEY).text(), "default");
    return defaults;
  }

  private static JsonNode elementAt(ArrayNode array, int index, List<Object> listPath) {
    if (index < array.size()) {
      return array.get(index);
    }
    if (index == array.size()) {
      ObjectNode added = JsonNodeFactory.instance.objectNode();
      array.add(added);
      return added;
    }
    throw new ConfigException(
        new ConfigPath(listPath, null, ConfigPath.Target.KEY).text()
            + ": the list has "
            + array.size()
            + " elements, so the next new one is ["
            + array.size()
            + "]");
  }
}
