package io.eventgateway.app.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The status page's files, read from the class path once: the page itself (this package's {@code
 * status/} resources) and uPlot, which draws its charts (the {@code org.webjars.npm:uplot} jar,
 * whose version its own {@code pom.properties} tells, so the build pins it in one place). Only
 * these paths are served; nothing is looked up from a client's path.
 */
final class StatusPageFiles {
  private static final String OWN = "/io/eventgateway/app/observe/status/";

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
    String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    return new StatusPageFiles(
        Map.of(
            "/", file(OWN + "index.html", "text/html; charset=utf-8"),
            "/status.js", file(OWN + "status.js", "text/javascript; charset=utf-8"),
            "/status.css", file(OWN + "status.css", "text/css; charset=utf-8"),
            "/favicon.svg", file(OWN + "favicon.svg", "image/svg+xml"),
            "/vendor/uPlot.iife.min.js",
                file(uplot + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
            "/vendor/uPlot.min.css", file(uplot + "uPlot.min.css", "text/css; charset=utf-8")));
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
