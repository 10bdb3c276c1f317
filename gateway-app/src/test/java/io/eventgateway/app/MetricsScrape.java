package io.eventgateway.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a gateway's {@code /metrics}, parsed from the Prometheus text format: each sample
 * as its name, labels and value. Tests ask for the sum over the samples that match a name and some
 * labels.
 */
final class MetricsScrape {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: \\d+)?$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  final String text;
  final List<Sample> samples;

  record Sample(String name, Map<String, String> labels, double value) {}

  private MetricsScrape(String text, List<Sample> samples) {
    this.text = text;
    this.samples = samples;
  }

  /** Scrapes {@code http://127.0.0.1:port/metrics}; fails unless it answers 200. */
  static MetricsScrape of(int port) throws IOException, InterruptedException {
    HttpResponse<String> response = get(port, "/metrics");
    if (response.statusCode() != 200) {
      throw new AssertionError("/metrics answered " + response.statusCode());
    }
    return parse(response.body());
  }

  /**
   * One client for every scrape, as Prometheus keeps one connection: a client per scrape would
   * leave a kept-alive connection behind each time, and the gateway's HTTP port takes 64.
   */
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static MetricsScrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.matches()) {
        throw new AssertionError("not a Prometheus sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (sample.group(2) != null) {
        Matcher label = LABEL.matcher(sample.group(2));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
    }
    return new MetricsScrape(text, List.copyOf(samples));
  }

  /**
   * The sum of the samples named {@code name} with every label of {@code labels} ({@code key,
   * value, ...}); empty when there is none.
   */
  OptionalDouble sum(String name, String... labels) {
    boolean found = false;
    double sum = 0;
    for (Sample sample : samples) {
      if (sample.name().equals(name) && matches(sample, labels)) {
        found = true;
        sum += sample.value();
      }
    }
    return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }

  /** As {@link #sum}, failing when there is no such sample. */
  double value(String name, String... labels) {
    return sum(name, labels)
        .orElseThrow(
            () ->
                new AssertionError("no sample " + name + " " + List.of(labels) + " in:\n" + text));
  }

  private static boolean matches(Sample sample, String[] labels) {
    for (int i = 0; i < labels.length; i += 2) {
      if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
        return false;
      }
    }
    return true;
  }
}
