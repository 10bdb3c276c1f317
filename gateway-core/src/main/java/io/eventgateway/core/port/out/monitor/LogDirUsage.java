package io.eventgateway.core.port.out.monitor;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One log directory of one broker: what its replicas take, and the disk it is on.
 *
 * @param brokerId the broker's id
 * @param path the directory's path on the broker
 * @param sizeBytes the size of the replicas in it, summed (0 when the directory is in error)
 * @param totalBytes the size of its volume, when the broker reports it
 * @param usableBytes the space left on its volume, when the broker reports it
 * @param error why the broker cannot use the directory (e.g. a disk failure); empty when it can
 */
public record LogDirUsage(
    int brokerId,
    String path,
    long sizeBytes,
    OptionalLong totalBytes,
    OptionalLong usableBytes,
    Optional<String> error) {
  public LogDirUsage {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(totalBytes, "totalBytes");
    Objects.requireNonNull(usableBytes, "usableBytes");
    Objects.requireNonNull(error, "error");
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes must not be negative, was " + sizeBytes);
    }
  }
}
