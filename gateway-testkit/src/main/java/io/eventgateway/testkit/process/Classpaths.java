package io.eventgateway.testkit.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/** The classpath a child JVM is given when it runs on its parent's classes. */
public final class Classpaths {
  private Classpaths() {}

  /** This JVM's {@code java.class.path}, {@linkplain #forChild made fit for a child}. */
  public static String ofThisJvm() {
    return forChild(System.getProperty("java.class.path"));
  }

  /**
   * {@code classpath} made fit for a child JVM: every entry absolute, since a child may run in
   * another directory; and a manifest-only jar (a single jar whose manifest's {@code Class-Path}
   * lists the real entries, as Surefire and Failsafe may start the test JVM with) replaced by the
   * jar and the entries it lists, so that the child does not depend on how its parent was started.
   */
  public static String forChild(String classpath) {
    List<String> entries = new ArrayList<>();
    for (String entry : classpath.split(Pattern.quote(File.pathSeparator), -1)) {
      if (!entry.isEmpty()) {
        entries.add(Path.of(entry).toAbsolutePath().toString());
      }
    }
    if (entries.size() == 1 && entries.get(0).endsWith(".jar")) {
      entries = expandManifestOnlyJar(Path.of(entries.get(0)));
    }
    return String.join(File.pathSeparator, entries);
  }

  /** The jar and the entries of its manifest's {@code Class-Path}, as absolute paths. */
  static List<String> expandManifestOnlyJar(Path jar) {
    List<String> entries = new ArrayList<>();
    entries.add(jar.toString());
    try (JarFile file = new JarFile(jar.toFile())) {
      String manifestClasspath =
          file.getManifest() == null
              ? null
              : file.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      if (manifestClasspath != null && !manifestClasspath.isBlank()) {
        // entries are URLs, relative to the jar's directory unless absolute
        for (String entry : manifestClasspath.trim().split("\\s+", -1)) {
          entries.add(Path.of(jar.getParent().toUri().resolve(entry)).toString());
        }
      }
      return entries;
    } catch (IOException unreadable) {
      throw new UncheckedIOException("cannot read the manifest of " + jar, unreadable);
    }
  }
}
