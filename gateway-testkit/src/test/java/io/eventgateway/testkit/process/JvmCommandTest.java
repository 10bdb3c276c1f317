package io.eventgateway.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JvmCommandTest {
  @Test
  void aMainClassRunsOnThisJvmsClasspathUnlessGivenOne() {
    JvmCommand command =
        JvmCommand.mainClass("org.example.Main").jvmOptions("-Xmx64m").arguments("a", "b").build();

    assertThat(command.commandLine())
        .containsExactly(
            JvmCommand.java(),
            "-Xmx64m",
            "-cp",
            Classpaths.ofThisJvm(),
            "org.example.Main",
            "a",
            "b");
    assertThat(JvmCommand.mainClass("org.example.Main").classpath("/x.jar").build().commandLine())
        .containsExactly(JvmCommand.java(), "-cp", "/x.jar", "org.example.Main");
  }

  @Test
  void aJarRunsWithDashJarAndItsAbsolutePath() {
    JvmCommand command =
        JvmCommand.jar(Path.of("target", "esg.jar"))
            .jvmOptions("-Xmx512m")
            .arguments("serve")
            .environment("ESG_HTTP_PORT", "9464")
            .build();

    assertThat(command.commandLine())
        .containsExactly(
            JvmCommand.java(),
            "-Xmx512m",
            "-jar",
            Path.of("target", "esg.jar").toAbsolutePath().toString(),
            "serve");
    assertThat(command.environment()).containsExactly(java.util.Map.entry("ESG_HTTP_PORT", "9464"));
    assertThat(JvmCommand.java()).endsWith("/bin/java").startsWith(System.getProperty("java.home"));
  }

  @Test
  void aChildThatDiesWithItsParentRunsItsMainThroughTheWatch() {
    assertThat(
            JvmCommand.mainClass("org.example.Main")
                .classpath("/x.jar")
                .arguments("serve")
                .diesWithParent()
                .build()
                .commandLine())
        .containsExactly(
            JvmCommand.java(),
            "-cp",
            "/x.jar",
            DiesWithParent.class.getName(),
            "org.example.Main",
            "serve");
    assertThatThrownBy(() -> JvmCommand.jar(Path.of("esg.jar")).diesWithParent())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aJarBringsItsOwnClasspath() {
    assertThatThrownBy(() -> JvmCommand.jar(Path.of("esg.jar")).classpath("/x.jar"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a jar brings its own classpath");
    assertThatThrownBy(() -> JvmCommand.mainClass(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("main class must not be empty");
  }
}
