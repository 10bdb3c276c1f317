package io.eventgateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventgateway.app.config.ConfigSources;
import io.eventgateway.app.config.EffectiveConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/reliability.md}'s bad-input catalogue is {@link BadInputCatalogue}'s, which {@link
 * BadInputIT} runs: every case with its status and message, and the limits the test configures. A
 * case added, removed or changed in the test without the document fails here.
 *
 * <p>After changing a case, rewrite the document's tables with {@code mvn -pl gateway-app -am test
 * -Dtest=BadInputCatalogueTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dreliability.catalogue.update}.
 */
class BadInputCatalogueTest {
  // Surefire runs in gateway-app; the documents sit at the repository's root
  private static final Path GUIDE = Path.of("..", "docs", "reliability.md");
  private static final String LIMITS_BEGIN =
      "<!-- BEGIN GENERATED from BadInputCatalogue.LIMITS (BadInputCatalogueTest); do not edit -->";
  private static final String CASES_BEGIN =
      "<!-- BEGIN GENERATED from BadInputCatalogue.cases() (BadInputCatalogueTest); do not edit -->";
  private static final String END = "<!-- END GENERATED -->";

  @Test
  void theDocumentsCatalogueListsEveryCaseOfTheTestWithItsStatusAndMessage() throws IOException {
    assertGenerated(CASES_BEGIN, casesTable(BadInputCatalogue.cases()));
  }

  @Test
  void theDocumentStatesTheLimitsTheTestConfigures() throws IOException {
    assertGenerated(LIMITS_BEGIN, limitsTable(BadInputCatalogue.LIMITS));
  }

  @Test
  void theTableHasARowForEachCaseWithItsStatusAndMessagePart() {
    List<BadInputCatalogue.Case> cases = BadInputCatalogue.cases();
    String table = casesTable(cases);

    assertThat(table.lines().skip(2)).hasSameSizeAs(cases);
    for (int i = 0; i < cases.size(); i++) {
      BadInputCatalogue.Case bad = cases.get(i);
      assertThat(table)
          .contains(
              "| "
                  + (i + 1)
                  + " | "
                  + bad.name()
                  + " | "
                  + bad.status()
                  + " | `"
                  + bad.messagePart()
                  + "` |\n");
    }
  }

  @Test
  void theLimitsAsYamlGiveTheGatewayEachLimitFromTheFile(@TempDir Path directory)
      throws IOException {
    Path file = directory.resolve("limits.yaml");
    Files.writeString(file, BadInputCatalogue.limitsYaml(), StandardCharsets.UTF_8);

    Map<String, EffectiveConfig.Entry> entries =
        new ConfigSources()
            .file(file).resolve().entries().stream()
                .collect(Collectors.toMap(EffectiveConfig.Entry::key, e -> e));

    for (BadInputCatalogue.Limit limit : BadInputCatalogue.LIMITS) {
      assertThat(entries.get(limit.key())).as(limit.key()).isNotNull();
      assertThat(entries.get(limit.key()).value()).as(limit.key()).isEqualTo("" + limit.value());
      assertThat(entries.get(limit.key()).origin()).as(limit.key()).startsWith("file");
    }
  }

  static String casesTable(List<BadInputCatalogue.Case> cases) {
    StringBuilder table = new StringBuilder();
    table.append("| # | bad input | status | the message contains |\n");
    table.append("|---:|---|---|---|\n");
    for (int i = 0; i < cases.size(); i++) {
      BadInputCatalogue.Case bad = cases.get(i);
      table
          .append("| ")
          .append(i + 1)
          .append(" | ")
          .append(cell(bad.name()))
          .append(" | ")
          .append(bad.status().name())
          .append(" | `")
          .append(cell(bad.messagePart()))
          .append("` |\n");
    }
    return table.toString();
  }

  static String limitsTable(List<BadInputCatalogue.Limit> limits) {
    StringBuilder table = new StringBuilder();
    table.append("| limit | value in the test |\n");
    table.append("|---|---|\n");
    for (BadInputCatalogue.Limit limit : limits) {
      table.append("| `").append(limit.key()).append("` | ").append(limit.value()).append(" |\n");
    }
    return table.toString();
  }

  /** A table cell: a {@code |} would end it. */
  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  /**
   * The document's section that follows {@code begin} is {@code generated}; with {@code
   * -Dreliability.catalogue.update} it is rewritten first.
   */
  private static void assertGenerated(String begin, String generated) throws IOException {
    String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
    int start = guide.indexOf(begin);
    assertThat(start).as("the marker " + begin + " in " + GUIDE).isNotNegative();
    int from = start + begin.length();
    int end = guide.indexOf(END, from);
    assertThat(end).as("the marker " + END + " after " + begin + " in " + GUIDE).isPositive();
    String expected = "\n\n" + generated + "\n";
    String written = guide.substring(from, end);
    if (System.getProperty("reliability.catalogue.update") != null) {
      Files.writeString(
          GUIDE,
          guide.substring(0, from) + expected + guide.substring(end),
          StandardCharsets.UTF_8);
      written = expected;
    }
    assertThat(written)
        .as(
            "docs/reliability.md differs from BadInputCatalogue, the cases BadInputIT runs; run"
                + " BadInputCatalogueTest with -Dreliability.catalogue.update to rewrite it")
        .isEqualTo(expected);
  }
}
