package io.eventgateway.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaTypesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "text/plain; charset=utf-8",
        "text/plain;charset=utf-8",
        "application/cloudevents+json",
        "application/vnd.example.v1+avro",
        "multipart/mixed; boundary=\"a b;c=d\"",
        "text/plain; title=\"say \\\"hi\\\"\"",
        "application/openmetrics-text; version=1.0.0; charset=utf-8",
        "*/*",
        "text/plain ; a=b"
      })
  void acceptsMediaTypes(String value) {
    assertThat(MediaTypes.problemWith(value)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "json|the type must be followed by '/' and a subtype",
        "/json|it must start with a type",
        "application/|'/' must be followed by a subtype",
        "application/json;|a parameter must have a name",
        "application/json; charset|a parameter's name must be followed by '='",
        "application/json; charset=|a parameter's value must be a token or a quoted string",
        "application/json charset=utf-8|expected ';' and a parameter",
        "text/plain; a=\"open|a quoted string is not closed",
        "text/plain; a=\"é\"|a quoted string may only hold printable ASCII",
        "appl ication/json|the type must be followed by '/'",
        "application/json/x|expected ';' and a parameter",
        "text/pläin|expected ';' and a parameter",
        "application/json; a=b c|expected ';' and a parameter",
      })
  void explainsWhatIsNotAMediaType(String value, String problem) {
    assertThat(MediaTypes.problemWith(value))
        .hasValueSatisfying(
            p -> assertThat(p).startsWith("'" + value + "' is not a media type").contains(problem));
  }
}
