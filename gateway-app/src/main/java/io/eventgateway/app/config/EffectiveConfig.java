package io.eventgateway.app.config;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A configuration as the gateway runs it, with where each value came from: what {@code esg config}
 * prints. Secrets are masked.
 *
 * @param config the bound configuration
 * @param sources the sources it was bound from
 */
public record EffectiveConfig(GatewayConfig config, ConfigSources sources) {

  /**
   * One key's effective value.
   *
   * @param key the path, e.g. {@code streams[0].name}
   * @param value as it would be written in the file, masked when secret
   * @param origin {@code default}, {@code default (the class's)}, {@code file esg.yaml}, {@code env
   *     ESG_GRPC_PORT}, {@code flag --grpc-port}
   */
  public record Entry(String key, String value, String origin) {}

  /** Every key, in the order of the reference, list elements and map entries expanded. */
  public List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    section(ConfigSchema.GATEWAY.root(), ConfigPath.ROOT, config, entries);
    return entries;
  }

  /** The entries as lines of {@code key: value # origin}, aligned. */
  public List<String> lines() {
    List<Entry> entries = entries();
    int width = 0;
    for (Entry entry : entries) {
      width = Math.max(width, entry.key().length() + 2 + entry.value().length());
    }
    List<String> lines = new ArrayList<>();
    for (Entry entry : entries) {
      String assignment = entry.key() + ": " + entry.value();
      lines.add(assignment + " ".repeat(width - assignment.length() + 2) + "# " + entry.origin());
    }
    return lines;
  }

  private void section(ConfigKey section, ConfigPath at, Object record, List<Entry> into) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    List<ConfigKey> keys = section.children();
    for (int i = 0; i < keys.size(); i++) {
      ConfigKey key = keys.get(i);
      ConfigPath path = at.child(key.name(), key);
      Object value = read(components[i], record);
      switch (key.kind()) {
        case SECTION -> section(key, path, value, into);
        case LIST -> {
          List<?> elements = (List<?>) value;
          if (elements.isEmpty()) {
            into.add(new Entry(path.text(), "[]", origin(key, path)));
          }
          ConfigKey element = ConfigSources.element(key);
          for (int e = 0; e < elements.size(); e++) {
            section(element, path.index(key, e), elements.get(e), into);
          }
        }
        case MAP -> {
          Map<?, ?> entries = (Map<?, ?>) value;
          if (entries.isEmpty()) {
            into.add(new Entry(path.text(), "{}", origin(key, path)));
          }
          entries.forEach(
              (name, entry) -> {
                ConfigPath entryPath = path.entry(key, (String) name);
                into.add(
                    new Entry(
                        entryPath.text(),
                        SecretMasking.mask((String) name, String.valueOf(entry)),
                        origin(key, entryPath)));
              });
        }
        case VALUE ->
            into.add(
                new Entry(
                    path.text(),
                    key.secret() ? SecretMasking.MASK : written(value),
                    origin(key, path)));
      }
    }
  }

  private String origin(ConfigKey key, ConfigPath path) {
    if (sources.tree().isSet(path)) {
      return sources.tree().originOf(path).orElse("default");
    }
    return key.hasFixedDefault() || key.setting().derived().isEmpty()
        ? "default"
        : "default: " + key.setting().derived().replace("`", "");
  }

  private static Object read(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + component, e);
    }
  }

  /** {@code value} as the file would have it. */
  static String written(Object value) {
    if (value instanceof Duration duration) {
      return Durations.format(duration);
    }
    if (value instanceof Enum<?> constant) {
      return constant.name().toLowerCase(Locale.ROOT);
    }
    if (value instanceof Path path) {
      return path.toString();
    }
    String text = String.valueOf(value);
    return text.isEmpty() ? "''" : text;
  }
}
