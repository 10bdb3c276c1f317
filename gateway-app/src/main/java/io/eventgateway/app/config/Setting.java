package io.eventgateway.app.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The definition of one configuration key, on the record component that holds it: with the
 * component's name (kebab-case in the file) and the checks of its record's compact constructor,
 * this is the only place a key is defined. {@link ConfigSchema} reads it to fill in defaults, to
 * check values, to name environment variables and to write the reference in {@code
 * docs/configuration.md}.
 *
 * <p>A component whose type is a record is a section; its own components are its keys.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Setting {
  /** The value of {@link #value()} that says the key has no fixed default. */
  String NO_DEFAULT = "\u0000";

  /**
   * The key's name in the file when it is not the component's name in kebab-case ({@code class},
   * which Java does not allow as a name).
   */
  String name() default "";

  /** One line for the reference: what the key is for, in the operator's words. */
  String doc();

  /**
   * The default, as it would be written in the file (a YAML value: {@code 5ms}, {@code 50051},
   * {@code [a, b]}). Absent for a section, for a required key and for a key whose default is
   * derived from other keys ({@link #derived()}).
   */
  String value() default NO_DEFAULT;

  /** For a key without a fixed default: how its value is found when it is not set. */
  String derived() default "";

  /** Whether the key must be set (only inside list elements, such as a stream's name). */
  boolean required() default false;

  /** The smallest value allowed, written like a value ({@code 0}, {@code 100ms}). */
  String min() default "";

  /** The largest value allowed, written like a value. */
  String max() default "";

  /** The only values allowed, when the key is one of a few words. */
  String[] oneOf() default {};

  /** Whether the value is never printed: {@code esg config} and the logs show it masked. */
  boolean secret() default false;
}
