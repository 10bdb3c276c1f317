package io.eventgateway.app.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the YAML configuration file. Keys are kebab-case ({@code max-data-bytes}). */
public final class ConfigLoader {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private ConfigLoader() {}

  /**
   * Reads {@code path}.
   *
   * @throws IllegalArgumentException with the file, line and key at fault
   */
  public static ConfigFile load(Path path) {
    try {
      String text = Files.readString(path);
      if (text.isBlank()) {
        return ConfigFile.empty();
      }
      return YAML.readValue(text, ConfigFile.class);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("configuration file " + path + " does not exist", e);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(
          "configuration file " + path + ", at " + location(e) + ": " + problem(e), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "configuration file " + path + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Where in the file the problem is, as a YAML key path such as {@code streams[1].class}. */
  private static String location(JsonMappingException e) {
    StringBuilder where = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        if (where.length() > 0) {
          where.append('.');
        }
        where.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        where.append('[').append(reference.getIndex()).append(']');
      }
    }
    return where.length() == 0 ? "the top level" : where.toString();
  }

  /** Jackson's message without the Java class names, which mean nothing to an operator. */
  private static String problem(JsonMappingException e) {
    String message = e.getOriginalMessage();
    int classNote = message.indexOf(" (class ");
    if (classNote >= 0) {
      int end = message.indexOf(')', classNote);
      message = message.substring(0, classNote) + (end >= 0 ? message.substring(end + 1) : "");
    }
    return message.replace("io.eventgateway.app.config.", "");
  }
}
