package io.eventgateway.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What classpath a child JVM gets: {@link Classpaths#forChild}. */
class ClasspathsTest {
  @TempDir Path directory;

  @Test
  void makesEveryEntryAbsoluteBecauseNodesRunInTheirOwnDirectory() {
    String classpath =
        String.join(File.pathSeparator, "target/classes", "/opt/lib/kafka.jar", "", "lib/a.jar");

    assertThat(Classpaths.forChild(classpath).split(File.pathSeparator))
        .containsExactly(
            Path.of("target/classes").toAbsolutePath().toString(),
            "/opt/lib/kafka.jar",
            Path.of("lib/a.jar").toAbsolutePath().toString());
  }

  @Test
  void expandsAManifestOnlyJarIntoTheEntriesItLists() throws IOException {
    Path jar = directory.resolve("surefirebooter.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest
        .getMainAttributes()
        .put(
            Attributes.Name.CLASS_PATH,
            "file:/repo/kafka-clients.jar  test-classes/ ../my%20lib.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream output = new JarOutputStream(file, manifest)) {
      output.finish();
    }

    assertThat(Classpaths.forChild(jar.toString()).split(File.pathSeparator))
        .containsExactly(
            jar.toString(),
            "/repo/kafka-clients.jar",
            directory.resolve("test-classes").toString(),
            directory.getParent().resolve("my lib.jar").toString());
  }

  @Test
  void keepsASingleJarWithoutClassPathAsItIs() throws IOException {
    Path jar = directory.resolve("app.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream output = new JarOutputStream(file, manifest)) {
      output.finish();
    }

    assertThat(Classpaths.forChild(jar.toString())).isEqualTo(jar.toString());
  }
}
