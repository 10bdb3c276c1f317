package io.eventgateway.core.testing;

import io.eventgateway.core.domain.Durability;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.port.out.EventLog;
import java.util.List;

class InMemoryEventLogTest extends EventLogContract {
  private final InMemoryEventLog log = new InMemoryEventLog();

  @Override
  protected EventLog log() {
    return log;
  }

  @Override
  protected StreamDefinition newStream(int partitions, Durability durability) {
    return definition(uniqueName("memory"), partitions, durability);
  }

  @Override
  protected List<StoredEvent> readBack(StreamDefinition stream, int expectedCount) {
    return log.events(stream.name()).stream()
        .map(stored -> new StoredEvent(stored.position(), stored.event()))
        .toList();
  }
}
