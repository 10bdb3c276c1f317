package io.eventgateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.Test;

/** The two line formats of the packaged log4j2.xml, rendered from the file itself. */
class LogFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void textLinesNameTheRequestIdOnlyWhenTheLineHasOne() {
    Layout<?> text = layout(null);

    // the time is in the JVM's zone
    String time = "2026-05-0\\dT\\d\\d:\\d\\d:45\\.123(Z|[+-]\\d\\d:\\d\\d) ";
    assertThat(render(text, event(Map.of("request_id", "abc123"), null)))
        .matches(time + "WARN  \\[esg-grpc-1\\] PublisherGrpcService request_id=abc123 .*\n")
        .endsWith(" request_id=abc123 request failed: method=Publish stream=\"orders\"\n");
    assertThat(render(text, event(Map.of(), null)))
        .matches(time + "WARN  \\[esg-grpc-1\\] PublisherGrpcService request failed: .*\n")
        .doesNotContain("request_id");
  }

  @Test
  void jsonLinesAreOneObjectWithTheStackTraceAsOneField() throws Exception {
    Layout<?> json = layout("json");

    String line =
        render(json, event(Map.of("request_id", "abc123"), new IllegalStateException("boom")));

    assertThat(line).endsWith("\n");
    assertThat(line.strip()).doesNotContain("\n");
    JsonNode parsed = JSON.readTree(line);
    assertThat(parsed.get("timestamp").asText()).isEqualTo("2026-05-01T12:30:45.123Z");
    assertThat(parsed.get("level").asText()).isEqualTo("WARN");
    assertThat(parsed.get("logger").asText())
        .isEqualTo("io.eventgateway.grpc.publish.PublisherGrpcService");
    assertThat(parsed.get("thread").asText()).isEqualTo("esg-grpc-1");
    assertThat(parsed.get("message").asText())
        .isEqualTo("request failed: method=Publish stream=\"orders\"");
    assertThat(parsed.get("request_id").asText()).isEqualTo("abc123");
    assertThat(parsed.get("exception").asText())
        .startsWith("java.lang.IllegalStateException: boom")
        .contains("\tat io.eventgateway.app.LogFormatTest.");

    JsonNode plain = JSON.readTree(render(json, event(Map.of(), null)));
    assertThat(plain.has("request_id")).isFalse();
    assertThat(plain.path("exception").isMissingNode() || plain.get("exception").isNull()).isTrue();
  }

  /** The layout of the "stderr" appender of log4j2.xml, with -Desg.log.format={@code format}. */
  private static Layout<?> layout(String format) {
    String property = "esg.log.format";
    String before = System.getProperty(property);
    try {
      if (format == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, format);
      }
      URI file = LogFormatTest.class.getResource("/log4j2.xml").toURI();
      LoggerContext context = new LoggerContext("LogFormatTest");
      Configuration configuration =
          ConfigurationFactory.getInstance().getConfiguration(context, "LogFormatTest", file);
      configuration.initialize();
      return configuration.getAppender("stderr").getLayout();
    } catch (java.net.URISyntaxException e) {
      throw new AssertionError(e);
    } finally {
      if (before == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, before);
      }
    }
  }

  private static LogEvent event(Map<String, String> mdc, Throwable thrown) {
    SortedArrayStringMap contextData = new SortedArrayStringMap();
    mdc.forEach(contextData::putValue);
    return Log4jLogEvent.newBuilder()
        .setLoggerName("io.eventgateway.grpc.publish.PublisherGrpcService")
        .setLevel(Level.WARN)
        .setThreadName("esg-grpc-1")
        .setTimeMillis(java.time.Instant.parse("2026-05-01T12:30:45.123Z").toEpochMilli())
        .setMessage(new SimpleMessage("request failed: method=Publish stream=\"orders\""))
        .setContextData(contextData)
        .setThrown(thrown)
        .build();
  }

  private static String render(Layout<?> layout, LogEvent event) {
    return String.valueOf(layout.toSerializable(event));
  }
}
