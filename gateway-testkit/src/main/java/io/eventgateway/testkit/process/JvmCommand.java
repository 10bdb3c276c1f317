package io.eventgateway.testkit.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a child JVM runs: {@code <java.home>/bin/java}, JVM options, then either {@code -cp
 * <classpath> <main class>} or {@code -jar <jar>}, then the program's arguments; and the variables
 * added to the environment it inherits. Immutable; a {@link JvmProcess} starts it, again and again.
 *
 * <pre>{@code
 * JvmCommand node = JvmCommand.mainClass(ClusterNodeMain.class).jvmOptions("-Xmx384m")
 *     .arguments(settings.toArguments()).build();            // on this JVM's classpath
 * JvmCommand gateway = JvmCommand.jar(Path.of("target", "esg.jar")).arguments("serve")
 *     .environment("ESG_HTTP_PORT", Integer.toString(httpPort)).build();
 * }</pre>
 */
public final class JvmCommand {
  private final List<String> jvmOptions;
  private final String classpath;
  private final String mainClass;
  private final Path jar;
  private final List<String> arguments;
  private final Map<String, String> environment;
  private final boolean diesWithParent;

  private JvmCommand(Builder builder) {
    this.jvmOptions = List.copyOf(builder.jvmOptions);
    this.classpath = builder.classpath;
    this.mainClass = builder.mainClass;
    this.jar = builder.jar;
    this.arguments = List.copyOf(builder.arguments);
    this.environment = Map.copyOf(builder.environment);
    this.diesWithParent = builder.diesWithParent;
  }

  /**
   * A command that runs {@code className}'s {@code main}, by default on this JVM's classpath
   * ({@link Classpaths#ofThisJvm()}).
   */
  public static Builder mainClass(String className) {
    Builder builder = new Builder();
    builder.mainClass = requireText(className, "main class");
    return builder;
  }

  /** As {@link #mainClass(String)}, for a class this JVM has. */
  public static Builder mainClass(Class<?> mainClass) {
    return mainClass(mainClass.getName());
  }

  /** A command that runs an executable jar: {@code java -jar <jar>}. */
  public static Builder jar(Path jar) {
    Builder builder = new Builder();
    builder.jar = Objects.requireNonNull(jar, "jar").toAbsolutePath();
    return builder;
  }

  /** {@code <java.home>/bin/java}: the java of this JVM. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The whole command line, {@code java} first. */
  public List<String> commandLine() {
    List<String> line = new ArrayList<>();
    line.add(java());
    line.addAll(jvmOptions);
    if (jar != null) {
      line.add("-jar");
      line.add(jar.toString());
    } else {
      line.add("-cp");
      line.add(classpath != null ? classpath : Classpaths.ofThisJvm());
      if (diesWithParent) {
        line.add(DiesWithParent.class.getName());
      }
      line.add(mainClass);
    }
    line.addAll(arguments);
    return line;
  }

  /** The variables added to the inherited environment. */
  public Map<String, String> environment() {
    return environment;
  }

  @Override
  public String toString() {
    return String.join(" ", commandLine());
  }

  private static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return value;
  }

  /** Collects a {@link JvmCommand}; not thread-safe. */
  public static final class Builder {
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> arguments = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String classpath;
    private String mainClass;
    private Path jar;
    private boolean diesWithParent;

    private Builder() {}

    /** Options for the JVM ({@code -Xmx512m}, {@code -Dname=value}), added in order. */
    public Builder jvmOptions(String... options) {
      return jvmOptions(Arrays.asList(options));
    }

    /** As {@link #jvmOptions(String...)}. */
    public Builder jvmOptions(Collection<String> options) {
      options.forEach(option -> jvmOptions.add(requireText(option, "a JVM option")));
      return this;
    }

    /**
     * The classpath of a {@link JvmCommand#mainClass main class}, instead of this JVM's. Its
     * entries are taken as they are: make relative ones absolute when the child runs elsewhere.
     *
     * @throws IllegalStateException for a {@link JvmCommand#jar jar}, which brings its own
     */
    public Builder classpath(String classpath) {
      if (jar != null) {
        throw new IllegalStateException("a jar brings its own classpath; " + jar + " has one");
      }
      this.classpath = requireText(classpath, "classpath");
      return this;
    }

    /** The program's arguments, added in order. */
    public Builder arguments(String... arguments) {
      return arguments(Arrays.asList(arguments));
    }

    /** As {@link #arguments(String...)}. */
    public Builder arguments(Collection<String> arguments) {
      arguments.forEach(argument -> this.arguments.add(Objects.requireNonNull(argument)));
      return this;
    }

    /** Adds {@code name=value} to the environment the child inherits. */
    public Builder environment(String name, String value) {
      environment.put(
          requireText(name, "environment variable name"), Objects.requireNonNull(value));
      return this;
    }

    /** Adds every entry of {@code variables} to the environment the child inherits. */
    public Builder environment(Map<String, String> variables) {
      variables.forEach(this::environment);
      return this;
    }

    /**
     * Makes the child halt when this JVM dies, however it dies: its main class is run by {@link
     * DiesWithParent}, which watches the standard input pipe a {@link JvmProcess} holds open. For a
     * program that does not read its standard input and does not watch its parent itself (the
     * gateway does not); the test kit must be on the child's classpath, as it is on this JVM's.
     *
     * @throws IllegalStateException for a {@link JvmCommand#jar jar}
     */
    public Builder diesWithParent() {
      if (jar != null) {
        throw new IllegalStateException("a jar runs its own main class; " + jar + " does");
      }
      this.diesWithParent = true;
      return this;
    }

    public JvmCommand build() {
      return new JvmCommand(this);
    }
  }
}
