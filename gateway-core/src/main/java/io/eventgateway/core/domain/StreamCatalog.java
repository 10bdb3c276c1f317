package io.eventgateway.core.domain;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The declared streams, by name. Only declared streams can be published to: the gateway never
 * creates a topic because a request named it.
 *
 * <p>Thread-safe; look-ups are lock-free.
 */
public final class StreamCatalog {
  private final Map<String, StreamDefinition> streams = new ConcurrentHashMap<>();

  public StreamCatalog(Collection<StreamDefinition> definitions) {
    for (StreamDefinition definition : definitions) {
      declare(definition);
    }
  }

  /**
   * Adds a stream. Fails when a stream of that name is already declared.
   *
   * @throws IllegalArgumentException when the name is taken
   */
  public void declare(StreamDefinition definition) {
    StreamDefinition previous = streams.putIfAbsent(definition.name(), definition);
    if (previous != null) {
      throw new IllegalArgumentException("stream '" + definition.name() + "' is declared twice");
    }
  }

  /**
   * Adds a stream unless one of that name is declared already (the first declaration wins, so
   * streams of the configuration win over registered ones).
   *
   * @return the definition the catalogue holds for the name afterwards: {@code definition}, or the
   *     earlier one
   */
  public StreamDefinition adopt(StreamDefinition definition) {
    StreamDefinition previous = streams.putIfAbsent(definition.name(), definition);
    return previous == null ? definition : previous;
  }

  /**
   * A declared stream whose name collides with {@code name} in Kafka ({@link StreamNames#collide}),
   * if there is one.
   */
  public Optional<StreamDefinition> collidingWith(String name) {
    return streams.values().stream().filter(s -> StreamNames.collide(s.name(), name)).findFirst();
  }

  public Optional<StreamDefinition> find(String name) {
    return Optional.ofNullable(streams.get(name));
  }

  /** All declared streams, sorted by name. */
  public List<StreamDefinition> all() {
    return streams.values().stream()
        .sorted(java.util.Comparator.comparing(StreamDefinition::name))
        .toList();
  }
}
