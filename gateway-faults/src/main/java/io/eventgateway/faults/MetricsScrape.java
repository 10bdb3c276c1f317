package io.eventgateway.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of the gateway's {@code /metrics} (Prometheus text format), asked for the sum of the
 * samples of a name whose labels include some given ones. gateway-app's tests have a fuller parser
 * of their own; this one needs only sums.
 *
 * <p>Immutable; thread-safe.
 */
final class MetricsScrape {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})? (\\S+)(?: \\d+)?$");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String text;

  private MetricsScrape(String text) {
    this.text = text;
  }

  /**
   * Scrapes {@code http://127.0.0.1:<httpPort>/metrics}.
   *
   * @throws IOException when it does not answer 200 within 5 s
   */
  static MetricsScrape of(int httpPort) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("/metrics answered " + response.statusCode());
    }
    return parse(response.body());
  }

  static MetricsScrape parse(String text) {
    return new MetricsScrape(text);
  }

  /**
   * The sum of the samples named {@code name} whose labels include each {@code key="value"} of
   * {@code labels} ({@code key, value, ...}); empty when there is none.
   */
  OptionalDouble sum(String name, String... labels) {
    boolean found = false;
    double sum = 0;
    for (String line : text.lines().toList()) {
      if (line.startsWith("#")) {
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      if (sample.matches() && sample.group(1).equals(name) && hasLabels(sample.group(2), labels)) {
        found = true;
        sum += Double.parseDouble(sample.group(3));
      }
    }
    return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }

  private static boolean hasLabels(String block, String[] labels) {
    for (int i = 0; i < labels.length; i += 2) {
      String label = labels[i] + "=\"" + labels[i + 1] + "\"";
      if (block == null || !(block.contains("{" + label) || block.contains("," + label))) {
        return false;
      }
    }
    return true;
  }
}
