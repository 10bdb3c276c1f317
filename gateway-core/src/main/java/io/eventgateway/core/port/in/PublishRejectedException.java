package io.eventgateway.core.port.in;

/** A request refused as a whole (for example an empty batch); no event of it was published. */
public final class PublishRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient PublishFailure failure;

  public PublishRejectedException(PublishFailure failure) {
    super(failure.message(), null, false, false);
    this.failure = failure;
  }

  public PublishFailure failure() {
    return failure;
  }
}
