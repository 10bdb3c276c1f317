package io.eventgateway.core.application;

import io.eventgateway.core.domain.GroupNames;
import io.eventgateway.core.domain.StreamCatalog;
import io.eventgateway.core.domain.StreamDefinition;
import io.eventgateway.core.domain.StreamNames;
import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.core.port.in.RequestFailure.Kind;
import io.eventgateway.core.port.in.RequestRejectedException;
import java.util.Map;
import java.util.Optional;

/**
 * The checks the subscribe and administration services make alike, each refusing with a {@link
 * RequestRejectedException} that names the field: a declared stream, a well-formed group name,
 * offsets within the stream's partitions. Stateless.
 */
final class RequestChecks {
  private RequestChecks() {}

  /** The declared stream named {@code stream}: INVALID_ARGUMENT or UNKNOWN_STREAM otherwise. */
  static StreamDefinition declared(StreamCatalog catalog, String stream) {
    Optional<String> problem = StreamNames.problemWith(stream);
    if (problem.isPresent()) {
      throw rejected(new RequestFailure(Kind.INVALID_ARGUMENT, "stream", problem.get()));
    }
    return catalog
        .find(stream)
        .orElseThrow(
            () ->
                rejected(
                    new RequestFailure(
                        Kind.UNKNOWN_STREAM,
                        "stream",
                        "'" + stream + "' is not a declared stream")));
  }

  /** Refuses a malformed group name: INVALID_ARGUMENT naming {@code group}. */
  static void checkGroup(String group) {
    GroupNames.problemWith(group)
        .ifPresent(
            problem -> {
              throw rejected(new RequestFailure(Kind.INVALID_ARGUMENT, "group", problem));
            });
  }

  /**
   * Checks offsets per partition against the stream's partitions: at least one, none negative, each
   * of a partition the stream has (OUT_OF_RANGE naming {@code field[partition]}).
   */
  static void checkOffsets(Map<Integer, Long> offsets, StreamDefinition stream, String field) {
    if (offsets.isEmpty()) {
      throw rejected(
          new RequestFailure(Kind.INVALID_ARGUMENT, field, "must name at least one partition"));
    }
    for (Map.Entry<Integer, Long> entry : offsets.entrySet()) {
      int partition = entry.getKey();
      String at = field + "[" + partition + "]";
      if (partition < 0 || partition >= stream.partitions()) {
        throw rejected(
            new RequestFailure(
                Kind.OUT_OF_RANGE,
                at,
                "names partition "
                    + partition
                    + "; stream '"
                    + stream.name()
                    + "' has partitions 0 to "
                    + (stream.partitions() - 1)));
      }
      if (entry.getValue() < 0) {
        throw rejected(
            new RequestFailure(
                Kind.OUT_OF_RANGE, at, "is " + entry.getValue() + "; offsets are never negative"));
      }
    }
  }

  static RequestRejectedException rejected(RequestFailure failure) {
    return new RequestRejectedException(failure);
  }
}
