package io.eventgateway.app.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The status page's files, read from the class path once: the page itself (this package's {@code
 * status/} resources: the HTML, its ES modules, which {@code main.js} imports, the style sheet and
 * the icon) and uPlot, which draws its charts (the {@code org.webjars.npm:uplot} jar, whose version
 * its own {@code pom.properties} tells, so the build pins it in one place). Only these paths are
 * served; nothing is looked up from a client's path.
 */
final class StatusPageFiles {
  private static final String OWN = "/io/eventgateway/app/observe/status/";
  private static final String JAVASCRIPT = "text/javascript; charset=utf-8";
  private static final String CSS = "text/css; charset=utf-8";

  /** The page's scripts: {@code main.js}, which {@code index.html} loads, and what it imports. */
  private static final List<String> MODULES =
      List.of("main.js", "format.js", "history.js", "chart.js", "render.js");

  /** A file to serve; its content is never changed. */
  static final class File {
    private final String contentType;
    private final byte[] content;

    File(String contentType, byte[] content) {
      this.contentType = contentType;
      this.content = content;
    }

    String contentType() {
      return contentType;
    }

    byte[] content() {
      return content;
    }
  }

  private final Map<String, File> files;

  private StatusPageFiles(Map<String, File> files) {
    this.files = files;
  }

  static StatusPageFiles load() {
    Map<String, File> files = new HashMap<>();
    files.put("/", file(OWN + "index.html", "text/html; charset=utf-8"));
    for (String module : MODULES) {
      files.put("/" + module, file(OWN + module, JAVASCRIPT));
    }
    files.put("/status.css", file(OWN + "status.css", CSS));
    files.put("/favicon.svg", file(OWN + "favicon.svg", "image/svg+xml"));
    String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    files.put("/vendor/uPlot.iife.min.js", file(uplot + "uPlot.iife.min.js", JAVASCRIPT));
    files.put("/vendor/uPlot.min.css", file(uplot + "uPlot.min.css", CSS));
    return new StatusPageFiles(Map.copyOf(files));
  }

  Optional<File> get(String path) {
    return Optional.ofNullable(files.get(path));
  }

  private static String uplotVersion() {
    Properties properties = new Properties();
    try (InputStream in = resource("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }

  private static File file(String resource, String contentType) {
    try (InputStream in = resource(resource)) {
      return new File(contentType, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = StatusPageFiles.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("missing from the class path: " + name);
    }
    return in;
  }
}
