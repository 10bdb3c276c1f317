package io.eventgateway.app;

/** The gateway could not start; the message says what to change. */
public final class GatewayStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GatewayStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
