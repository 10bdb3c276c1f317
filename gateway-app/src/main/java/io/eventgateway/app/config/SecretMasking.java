package io.eventgateway.app.config;

import java.util.Locale;

/** Which values are never printed: in {@code esg config}, in logs, in {@code toString()}. */
public final class SecretMasking {
  /** What a secret is printed as. */
  public static final String MASK = "[hidden]";

  private SecretMasking() {}

  /**
   * Whether a free key (a Kafka client property) holds a secret, by its name: passwords, secrets,
   * JAAS settings, keys, tokens and credentials.
   */
  public static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return lower.contains("password")
        || lower.contains("secret")
        || lower.contains("jaas")
        || lower.endsWith(".key")
        || lower.contains("token")
        || lower.contains("credential");
  }

  /** {@code value}, or {@link #MASK} when {@code key} names a secret. */
  public static String mask(String key, String value) {
    return isSecret(key) ? MASK : value;
  }
}
