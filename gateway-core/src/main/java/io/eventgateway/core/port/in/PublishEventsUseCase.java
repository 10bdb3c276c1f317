package io.eventgateway.core.port.in;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Publish events to declared streams, acknowledged once the log has them.
 *
 * <p>Threading: both methods are thread-safe and return without waiting for the log. The returned
 * stages complete on the log's I/O threads; callers must not block in dependent actions.
 *
 * <p>Ordering: events with the same entity key published to one stream by successive calls land in
 * one partition in call order; within a batch, in the batch's order.
 */
public interface PublishEventsUseCase {

  /**
   * Validates and publishes one event. Never completes exceptionally: every failure is a {@link
   * PublishOutcome.Failed}.
   */
  CompletionStage<PublishOutcome> publish(PublishCommand command);

  /**
   * Validates and publishes a batch. Invalid events fail alone; valid ones are written.
   *
   * @return one outcome per event, in the batch's order; the stage never completes exceptionally
   * @throws PublishRejectedException when the batch as a whole is refused (empty, too large,
   *     undeclared or malformed stream, shutting down); then nothing was written
   */
  CompletionStage<List<PublishOutcome>> publishBatch(PublishBatchCommand command);
}
