package io.eventgateway.core.port.in;

import io.eventgateway.core.domain.StreamDefinition;
import java.util.List;

/** The streams catalogue, as administrators see it. */
public interface ManageStreamsUseCase {

  /** The declared streams, by name. */
  List<StreamDefinition> listStreams();

  /**
   * A declared stream with its partitions' offsets and replicas.
   *
   * @throws RequestRejectedException UNKNOWN_STREAM for an undeclared stream, INVALID_ARGUMENT for
   *     a malformed name, UNAVAILABLE when the cluster cannot be reached
   */
  StreamDescription describeStream(String stream);

  /**
   * Declares a stream, creates its topic and registers it, so that every gateway instance serves
   * it. Repeating a call that failed half-way (topic created, registration failed) completes it.
   *
   * @throws RequestRejectedException INVALID_ARGUMENT for a malformed command (naming the field),
   *     ALREADY_EXISTS for a declared stream, UNAVAILABLE when the cluster cannot be reached
   */
  StreamDescription createStream(CreateStreamCommand command);
}
