package io.eventgateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.app.testing.ExternalTools;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page at {@code /} of the HTTP port, end to end in headless Chromium (Debian's {@code
 * chromium} through its {@code chromedriver}; skipped without them, failed under {@code
 * ESG_REQUIRE_TOOLS=1}): while events are published, the page shows the streams with their rates, a
 * group's lag, the cluster's brokers and a recent error, draws its charts, updates without a
 * reload, and shows its error banner once the gateway is gone. A screenshot is left in {@code
 * target/status-page.png}.
 */
class StatusPageIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String GROUP = "status-page-reader";

  /**
   * Quiet: Selenium warns that it has no DevTools protocol for this Chromium's version; the test
   * uses WebDriver only. Held here, as java.util.logging holds loggers weakly.
   */
  private static final java.util.logging.Logger CDP_VERSION_FINDER =
      java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  // on a broker of its own, not the shared one: the page lists every stream the gateway serves,
  // which on a shared broker would include the streams other tests create at run time (the
  // stream registry), and the test checks that list exactly
  @TempDir static Path directory;
  static Path chromium;
  static Path chromedriver;
  static RunningGateway running;
  static int http;

  private ScheduledExecutorService publisher;
  private ScheduledFuture<?> publishing;
  private WebDriver driver;

  @BeforeAll
  static void serve() throws IOException {
    CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    chromium = ExternalTools.require("chromium", "apt-get install chromium");
    chromedriver = ExternalTools.require("chromedriver", "apt-get install chromium-driver");
    Path config = directory.resolve("esg.yaml");
    Files.writeString(
        config,
        """
        kafka:
          monitor:
            interval: 500ms
        streams:
          - {name: orders, class: events, partitions: 3}
          - {name: payments, class: audit, partitions: 2}
          - {name: shipments, class: raw, partitions: 1}
        """);
    running = RunningGateway.serve(directory.resolve("data"), "--config", config.toString());
    http = running.gateway.httpPort().orElseThrow();
  }

  @AfterAll
  static void stop() {
    if (running != null) {
      running.close();
    }
  }

  @AfterEach
  void quit() throws InterruptedException {
    if (publisher != null) {
      publisher.shutdownNow();
      publisher.awaitTermination(10, TimeUnit.SECONDS);
    }
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void showsTheGatewayLiveAndItsChartsAndTellsWhenItIsGone(@TempDir Path profile) throws Exception {
    // a group with a known lag: 5 events on shipments' one partition, offset 2 committed
    for (int i = 0; i < 5; i++) {
      running.blocking().publish(request("shipments", event("sh-" + i)));
    }
    running.commitAsPlainConsumer(GROUP, "shipments", 0, 2);
    assertThatThrownBy(() -> running.blocking().publish(request("orders", invalidEvent("bad-0"))))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    publishContinuously();

    driver = chromium(profile);
    driver.get("http://127.0.0.1:" + http + "/");
    WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(200));

    wait.withMessage("the ready badge says Ready").until(d -> "Ready".equals(text("#ready-badge")));
    wait.withMessage("the streams table lists the three streams")
        .until(
            d ->
                js("return [...document.querySelectorAll('[data-testid=stream-row]')]"
                        + ".map(r => r.dataset.stream)")
                    .equals(List.of("orders", "payments", "shipments")));
    wait.withMessage("the group with its lag of 3")
        .until(d -> "3".equals(text("tr[data-group='" + GROUP + "'] [data-field=lag]")));
    wait.withMessage("the cluster's brokers, 1 of 1").until(d -> "1 / 1".equals(text("#brokers")));
    wait.withMessage("the recent errors, the invalid publish among them")
        .until(
            d ->
                Boolean.TRUE.equals(
                    js(
                        """
                        return [...document.querySelectorAll('[data-testid=error-row]')].some(r =>
                          r.querySelector('[data-field=stream]').textContent === 'orders' &&
                          r.querySelector('[data-field=status]').textContent === 'INVALID_ARGUMENT')
                        """)));
    assertThat(text("#kafka-badge")).isEqualTo("Kafka reachable");
    assertThat(text("#version")).isNotBlank().isNotEqualTo("–");
    assertThat(js("return document.getElementById('cluster-not-observed').hidden"))
        .as("the cluster's not-observed note is hidden")
        .isEqualTo(true);

    // the charts: after a few polls the events/s series of orders has points above 0, and every
    // chart's canvas was drawn on
    wait.withMessage("orders' events/s in the chart above 0 after 3 polls")
        .until(d -> number("return window.__statusPolls") >= 3 && maxOfSeries("events") > 0);
    wait.withMessage("orders' events/s in the streams table above 0")
        .until(d -> number(cell("orders", "events-rate")) > 0);
    for (String chart : List.of("events", "errors", "latency", "lag")) {
      assertThat(number(drawnPixels(chart, null)))
          .as("pixels drawn on the " + chart + " chart")
          .isGreaterThan(1000);
    }
    assertThat(number(drawnPixels("events", "orders")))
        .as("pixels of orders' colour on the events/s chart: its line")
        .isGreaterThan(50);

    // live: the orders total grows between two polls, without a reload
    js("window.__notReloaded = true");
    double written = number(cell("orders", "written"));
    wait.withMessage("orders' written total grows")
        .until(d -> number(cell("orders", "written")) > written);
    assertThat(js("return window.__notReloaded")).isEqualTo(true);

    // a hidden tab does not poll; visible again, it polls at once
    js(
        """
        Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});
        document.dispatchEvent(new Event('visibilitychange'));
        """);
    wait.withMessage("polling paused").until(d -> "dot paused".equals(js(className("poll-state"))));
    double polls = number("return window.__statusPolls");
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(7))
        .until(() -> number("return window.__statusPolls") == polls);
    js(
        """
        delete document.hidden;
        document.dispatchEvent(new Event('visibilitychange'));
        """);
    wait.withMessage("polling again once visible")
        .until(
            d ->
                number("return window.__statusPolls") > polls
                    && "dot live".equals(js(className("poll-state"))));

    // a group's partitions, expanded; they stay so across polls
    js("document.querySelector(\"tr[data-group='" + GROUP + "'] button.toggle\").click()");
    wait.withMessage("the group's partition, with its lag")
        .until(
            d ->
                Boolean.TRUE.equals(
                    js(
                        """
                        const cells = [...document.querySelectorAll(
                            '[data-testid=group-partition] td')].map(c => c.textContent);
                        return cells.length === 6 && cells[0] === 'shipments' && cells[4] === '3'
                        """)));

    Path screenshot = screenshot(Path.of("target", "status-page.png"));
    System.out.println("status page screenshot: " + screenshot.toAbsolutePath());

    assertThat(js("return window.__statusErrors"))
        .as("errors the page caught")
        .isEqualTo(List.of());
    assertThat(consoleErrors()).as("errors in the browser's console").isEmpty();

    // the gateway stops: the page says it cannot reach it
    assertThat(publishing.isDone()).as("the publishing task ended on its own: it failed").isFalse();
    publishing.cancel(false);
    publisher.shutdownNow();
    assertThat(publisher.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    running.close();
    running = null;
    wait.withMessage("the error banner once the gateway is gone")
        .until(
            d ->
                Boolean.TRUE.equals(
                    js(
                        "return !document.getElementById('error-banner').hidden"
                            + " && document.getElementById('error-banner').offsetHeight > 0")));
    assertThat(text("#error-banner")).contains("Cannot reach the gateway", "/api/status failed");
    assertThat(text("#ready-badge")).isEqualTo("Unreachable");
    System.out.println(
        "status page screenshot, gateway gone: "
            + screenshot(Path.of("target", "status-page-unreachable.png")).toAbsolutePath());
  }

  /**
   * Publishes to orders every 20 ms, to payments every 40 ms, and an invalid event to orders every
   * 2 s.
   */
  private void publishContinuously() {
    publisher = Executors.newSingleThreadScheduledExecutor();
    AtomicLong sequence = new AtomicLong();
    publishing =
        publisher.scheduleAtFixedRate(
            () -> {
              long n = sequence.incrementAndGet();
              try {
                running.blocking().publish(request("orders", event("o-" + n)));
                if (n % 2 == 0) {
                  running.blocking().publish(request("payments", event("p-" + n)));
                }
                if (n % 100 == 0) {
                  running.blocking().publish(request("orders", invalidEvent("bad-" + n)));
                }
              } catch (StatusRuntimeException expected) {
                // the invalid event, or the gateway stopping: the page shows both
              }
            },
            0,
            20,
            TimeUnit.MILLISECONDS);
  }

  private static ChromeDriver chromium(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        "--user-data-dir=" + profile.toAbsolutePath());
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
    // the driver named explicitly: Selenium Manager never looks for (or downloads) one
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  private Object js(String script, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(script, arguments);
  }

  /** The trimmed text of the first element {@code selector} matches, "" when none. */
  private String text(String selector) {
    Object text =
        js(
            "const e = document.querySelector(arguments[0]);"
                + " return e ? e.textContent.trim() : ''",
            selector);
    return (String) text;
  }

  private static String className(String id) {
    return "return document.getElementById('" + id + "').className";
  }

  /** What {@code script} returns as a number; NaN when it returns none. */
  private double number(String script) {
    Object value = js(script);
    return value instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** A script returning the raw value of one cell of a stream's row. */
  private static String cell(String stream, String field) {
    return "const c = document.querySelector(\"tr[data-stream='%s'] [data-field='%s']\");"
            .formatted(stream, field)
        + " return c && c.dataset.value !== undefined ? Number(c.dataset.value) : null";
  }

  /** The largest value of orders' series on a chart, 0 when it has none. */
  private double maxOfSeries(String chart) {
    return number(
        """
        const plot = window.__statusCharts['%s'].plot;
        if (!plot) return 0;
        const i = plot.series.findIndex(s => s.label === 'orders');
        if (i < 0) return 0;
        return Math.max(0, ...plot.data[i].filter(v => v != null));
        """
            .formatted(chart));
  }

  /**
   * A script counting the pixels drawn on a chart's canvas: any (stream null), or those of the
   * stream's colour (its swatch's in the streams table).
   */
  private static String drawnPixels(String chart, String stream) {
    return """
        const canvas = document.querySelector('#chart-%s canvas');
        if (!canvas) return 0;
        const stream = %s;
        let rgb = null;
        if (stream) {
          const hex = document.querySelector("tr[data-stream='" + stream + "'] .swatch").dataset.colour;
          rgb = [1, 3, 5].map(i => parseInt(hex.substr(i, 2), 16));
        }
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 0; i < pixels.length; i += 4) {
          if (pixels[i + 3] < 200) continue;
          if (!rgb || Math.abs(pixels[i] - rgb[0]) + Math.abs(pixels[i + 1] - rgb[1])
              + Math.abs(pixels[i + 2] - rgb[2]) < 60) n++;
        }
        return n;
        """
        .formatted(chart, stream == null ? "null" : "'" + stream + "'");
  }

  /**
   * The whole page as a PNG in {@code file}: the window made as tall as the page first. Asserts
   * that it is not blank: many colours, and coloured pixels (badges, chart lines) among them.
   */
  private Path screenshot(Path file) throws IOException {
    for (int i = 0; i < 2; i++) { // twice: the page may grow with the next poll's data
      long height = Math.round(number("return document.documentElement.scrollHeight"));
      driver.manage().window().setSize(new Dimension(1400, (int) Math.min(6000, height + 140)));
      int polls = (int) number("return window.__statusPolls + window.__statusFailures");
      new WebDriverWait(driver, WAIT)
          .withMessage("a poll after the resize")
          .until(d -> number("return window.__statusPolls + window.__statusFailures") > polls);
    }
    byte[] png = ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES);
    Files.createDirectories(file.getParent());
    Files.write(file, png);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    Set<Integer> colours = new HashSet<>();
    long coloured = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        int r = rgb >> 16, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) {
          coloured++;
        }
      }
    }
    assertThat(image.getWidth()).isGreaterThanOrEqualTo(1000);
    assertThat(colours).as("distinct colours in the screenshot").hasSizeGreaterThan(200);
    assertThat(coloured).as("coloured pixels in the screenshot").isGreaterThan(2000);
    return file;
  }

  /**
   * The browser console's errors, when this chromedriver gives its log; none otherwise (the page's
   * own collector, {@code window.__statusErrors}, is checked apart).
   */
  private List<String> consoleErrors() {
    List<String> errors = new ArrayList<>();
    try {
      for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
        if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
          errors.add(entry.getMessage());
        }
      }
    } catch (WebDriverException | UnsupportedOperationException notSupported) {
      System.out.println("the browser's log is not available: " + notSupported.getMessage());
    }
    return errors;
  }

  private static Event.Builder event(String id) {
    return Event.newBuilder()
        .setId(id)
        .setSource("/tests/status-page")
        .setType("t")
        .setSubject("s-" + id)
        .setData(ByteString.copyFromUtf8("x".repeat(100)));
  }

  /** An event without a source: INVALID_ARGUMENT. */
  private static Event.Builder invalidEvent(String id) {
    return event(id).clearSource();
  }

  private static PublishRequest request(String stream, Event.Builder event) {
    return PublishRequest.newBuilder().setStream(stream).setEvent(event).build();
  }
}
