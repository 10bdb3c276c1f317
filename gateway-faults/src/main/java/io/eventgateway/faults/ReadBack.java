package io.eventgateway.faults;

import io.eventgateway.faults.Checker.Stored;
import io.eventgateway.kafka.KafkaConnection;
import io.eventgateway.kafka.subscribe.KafkaRecentEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every record of a stream's topic, from the start of each partition to its end, with the
 * gateway's own tail reader ({@link KafkaRecentEvents}) and its CloudEvents decoding.
 */
public final class ReadBack {
  private ReadBack() {}

  /**
   * Every record of {@code topic} as a {@link Stored}: id from the {@code ce_id} header, subject
   * from {@code ce_subject}, sequence from the data {@code subject/sequence} that {@link
   * LedgerClient} writes (-1 when the data is not in that form).
   */
  public static List<Stored> all(String bootstrapServers, String topic, Duration timeout) {
    List<Stored> stored = new ArrayList<>();
    new KafkaRecentEvents(KafkaConnection.to(bootstrapServers), timeout)
        .read(
            topic,
            Instant.EPOCH,
            Integer.MAX_VALUE,
            delivery -> {
              String data =
                  new String(delivery.event().data().toByteArray(), StandardCharsets.UTF_8);
              int slash = data.lastIndexOf('/');
              long sequence = -1;
              if (slash >= 0) {
                try {
                  sequence = Long.parseLong(data.substring(slash + 1));
                } catch (NumberFormatException notOurs) {
                  sequence = -1;
                }
              }
              stored.add(
                  new Stored(
                      delivery.partition(),
                      delivery.offset(),
                      delivery.event().id(),
                      delivery.event().subject(),
                      sequence));
            });
    return stored;
  }
}
