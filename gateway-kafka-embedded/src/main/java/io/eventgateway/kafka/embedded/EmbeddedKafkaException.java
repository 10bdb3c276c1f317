package io.eventgateway.kafka.embedded;

/** The embedded broker could not start; the message says why and, where it can, what to do. */
public final class EmbeddedKafkaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EmbeddedKafkaException(String message, Throwable cause) {
    super(message, cause);
  }
}
