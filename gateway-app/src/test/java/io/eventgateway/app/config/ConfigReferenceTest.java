package io.eventgateway.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The documents that state the configuration agree with the model: the reference tables of {@code
 * docs/configuration.md} are the model's, and {@code esg.example.yaml} names every key and states
 * every default as the model does.
 *
 * <p>After changing a key, regenerate the tables with {@code mvn -pl gateway-app -am test
 * -Dtest=ConfigReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -Dconfig.reference.update}.
 */
class ConfigReferenceTest {
  // Surefire runs in gateway-app; the documents sit at the repository's root
  private static final Path GUIDE = Path.of("..", "docs", "configuration.md");
  private static final Path EXAMPLE = Path.of("..", "esg.example.yaml");

  @Test
  void theGuidesReferenceTablesAreTheModels() throws IOException {
    String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
    int begin = guide.indexOf(ConfigReference.BEGIN);
    int end = guide.indexOf(ConfigReference.END);
    assertThat(begin).as("the generated section's first marker in " + GUIDE).isNotNegative();
    assertThat(end).as("the generated section's last marker in " + GUIDE).isGreaterThan(begin);
    String generated = "\n\n" + ConfigReference.markdown(ConfigSchema.GATEWAY);
    String written = guide.substring(begin + ConfigReference.BEGIN.length(), end);
    if (System.getProperty("config.reference.update") != null) {
      Files.writeString(
          GUIDE,
          guide.substring(0, begin + ConfigReference.BEGIN.length())
              + generated
              + guide.substring(end),
          StandardCharsets.UTF_8);
      written = generated;
    }
    assertThat(written)
        .as(
            "docs/configuration.md's reference tables differ from the configuration model; run"
                + " this test with -Dconfig.reference.update to rewrite them")
        .isEqualTo(generated);
  }

  @Test
  void theReferenceHasARowForEveryKey() {
    String reference = ConfigReference.markdown(ConfigSchema.GATEWAY);
    for (ConfigKey key : ConfigSchema.GATEWAY.keys()) {
      if (key.kind() != ConfigKey.Kind.SECTION) {
        assertThat(reference).contains("| `" + key.path() + "` |");
        assertThat(reference).contains(key.setting().doc());
      }
    }
  }

  @Test
  void theExampleFileIsValidNamesEveryKeyAndStatesTheDefaults() throws IOException {
    // valid: it loads without error
    new ConfigSources().file(EXAMPLE).resolve();
    String text = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
    JsonNode example = ConfigSources.YAML.readTree(text);
    List<String> problems = new ArrayList<>();
    for (ConfigKey key : ConfigSchema.GATEWAY.keys()) {
      if (key.path().contains("[]")) {
        continue; // a stream's keys: the example's streams show them
      }
      JsonNode node = at(example, key.path());
      if (node == null) {
        // a key whose default is derived may be shown commented out, with the value it takes, and
        // so may a section (each of its keys is checked on its own)
        boolean fixedValue = key.kind() == ConfigKey.Kind.VALUE && key.hasFixedDefault();
        boolean commentedOut =
            Pattern.compile("(?m)^\\s*#\\s*" + Pattern.quote(key.name()) + ":")
                .matcher(text)
                .find();
        if (fixedValue || !commentedOut) {
          problems.add(key.path() + " is missing");
        }
        continue;
      }
      if (key.kind() == ConfigKey.Kind.VALUE && key.hasFixedDefault()) {
        String stated = node.asText();
        String expected = key.defaultText().orElseThrow();
        if (!stated.equals(expected)) {
          problems.add(key.path() + " says " + stated + ", the default is " + expected);
        }
      }
    }
    assertThat(problems).as("esg.example.yaml against the model").isEmpty();
  }

  private static JsonNode at(JsonNode root, String path) {
    JsonNode node = root;
    for (String part : path.split("\\.", -1)) {
      node = node == null ? null : node.get(part);
    }
    return node == null || node.isNull() ? null : node;
  }
}
