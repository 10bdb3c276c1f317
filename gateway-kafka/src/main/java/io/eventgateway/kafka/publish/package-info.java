/**
 * The {@code EventLog} port on Kafka producers.
 *
 * <p>One producer per durability class (never one per event or per stream): {@code critical} writes
 * with {@code acks=all} and idempotence, {@code standard} with {@code acks=1} and one request in
 * flight. Durability belongs to the stream, so all events of a stream go through one producer.
 *
 * <p>Ordering: events with the same entity key on the same stream go to the same partition (the
 * producer's partitioner hashes the key) in the order their appends were called; both producer
 * configurations keep that order through retries.
 *
 * <p>Threading: appends run on the caller's thread and block only up to the configured {@code
 * max.block.ms} (metadata or buffer space); acknowledgements complete on the producer's I/O thread,
 * so what depends on them must be quick and must not block.
 *
 * <p>Failures say what became of the event: not written ({@code UNAVAILABLE}, {@code TOO_LARGE},
 * {@code FAILED}) or maybe written ({@code OUTCOME_UNKNOWN}: retry with the same event id).
 */
package io.eventgateway.kafka.publish;
