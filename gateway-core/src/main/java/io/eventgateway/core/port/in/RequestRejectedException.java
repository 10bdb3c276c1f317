package io.eventgateway.core.port.in;

/** A subscribe or administration request was refused; nothing changed. */
public final class RequestRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // a record of strings and an enum
  private final RequestFailure failure;

  public RequestRejectedException(RequestFailure failure) {
    super(failure.message());
    this.failure = failure;
  }

  public RequestFailure failure() {
    return failure;
  }
}
