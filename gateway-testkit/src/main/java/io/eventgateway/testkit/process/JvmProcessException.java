package io.eventgateway.testkit.process;

/**
 * A {@link JvmProcess} could not be started, did not become ready, did not stop, or a signal could
 * not be sent to it. The message names the process and, where its own output explains the failure,
 * ends with the last lines of its log.
 */
public class JvmProcessException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JvmProcessException(String message) {
    super(message);
  }

  public JvmProcessException(String message, Throwable cause) {
    super(message, cause);
  }
}
