package io.eventgateway.core.port.out;

/**
 * An administrative request on the cluster failed: reading or resetting a stream's partitions and
 * consumer groups ({@link ClusterAdmin}), creating or aligning the streams' storage ({@link
 * StreamProvisioner}), or following and registering streams ({@link StreamRegistry}).
 */
public final class ClusterAdminException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The stream has no storage on the cluster: its topic does not exist. */
    UNKNOWN_STREAM,
    /** An offset outside a partition's log, a time in the future, or a partition it lacks. */
    OUT_OF_RANGE,
    /** The group has live members, so its offsets cannot be changed. */
    GROUP_NOT_EMPTY,
    /**
     * The stream's name collides with an existing topic's (they differ only in '.' and '_'), so the
     * cluster refuses to create it; the message names both.
     */
    NAME_COLLISION,
    /** The cluster could not be reached, or did not finish, in time. Retry later. */
    UNAVAILABLE,
    /** Any other failure: the cluster refused the request. */
    FAILED
  }

  private final Kind kind;

  public ClusterAdminException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ClusterAdminException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
