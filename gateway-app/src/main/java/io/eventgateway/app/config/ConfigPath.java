package io.eventgateway.app.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a value sits in the configuration: the names and list indexes from the top, and the key
 * that defines it.
 *
 * @param segments names ({@link String}) and list indexes ({@link Integer}); a map entry's name is
 *     one segment, dots included
 * @param key the key the path ends at ({@code null} for the root); for a list element, the list;
 *     for a map entry, the map
 * @param target what the path ends at
 */
public record ConfigPath(List<Object> segments, ConfigKey key, Target target) {
  static final ConfigPath ROOT = new ConfigPath(List.of(), null, Target.KEY);

  /** What a path ends at. */
  public enum Target {
    /** A key of the model: a section, a list, a map or a value. */
    KEY,
    /** An element of a list. */
    ELEMENT,
    /** An entry of a map of free keys. */
    ENTRY
  }

  public ConfigPath {
    segments = List.copyOf(segments);
  }

  ConfigPath child(String name, ConfigKey childKey) {
    return append(name, childKey, Target.KEY);
  }

  ConfigPath index(ConfigKey list, int index) {
    return append(index, list, Target.ELEMENT);
  }

  ConfigPath entry(ConfigKey map, String name) {
    return append(name, map, Target.ENTRY);
  }

  private ConfigPath append(Object segment, ConfigKey childKey, Target childTarget) {
    List<Object> longer = new ArrayList<>(segments);
    longer.add(segment);
    return new ConfigPath(longer, childKey, childTarget);
  }

  /** As written in messages and in {@code esg config}: {@code streams[0].name}. */
  public String text() {
    StringBuilder text = new StringBuilder();
    for (Object segment : segments) {
      if (segment instanceof Integer index) {
        text.append('[').append(index).append(']');
      } else {
        if (text.length() > 0) {
          text.append('.');
        }
        text.append(segment);
      }
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return text();
  }
}
