package io.eventgateway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.eventgateway.api.v1.Delivery;
import io.eventgateway.api.v1.Event;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloudEventJsonTest {
  @Test
  void readsTheCloudEventsJsonFormat() {
    Event event =
        CloudEventJson.parse(
            "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"/shop\",\"type\":\"order.created\","
                + "\"subject\":\"order-42\",\"time\":\"2026-01-31T12:00:00.5Z\","
                + "\"data\":{\"total\":12.5},\"tenant\":\"acme\",\"priority\":3}");

    assertThat(event.getId()).isEqualTo("e1");
    assertThat(event.getSubject()).isEqualTo("order-42");
    assertThat(event.getTime().getSeconds()).isEqualTo(1769860800L);
    assertThat(event.getTime().getNanos()).isEqualTo(500_000_000);
    assertThat(event.getData().toString(StandardCharsets.UTF_8)).isEqualTo("{\"total\":12.5}");
    assertThat(event.getDataContentType()).isEqualTo("application/json");
    assertThat(event.getAttributesMap())
        .containsEntry("tenant", "acme")
        .containsEntry("priority", "3");
  }

  @Test
  void textDataIsSentAsItsBytesAndBase64DataIsDecoded() {
    assertThat(CloudEventJson.parse("{\"data\":\"hello\"}").getData().toStringUtf8())
        .isEqualTo("hello");
    assertThat(CloudEventJson.parse("{\"data_base64\":\"AAEC\"}").getData().toByteArray())
        .containsExactly(0, 1, 2);
  }

  @Test
  void saysWhatIsWrongWithALine() {
    assertThatThrownBy(() -> CloudEventJson.parse("{oops")).hasMessageStartingWith("not JSON");
    assertThatThrownBy(() -> CloudEventJson.parse("[1]")).hasMessage("not a JSON object");
    assertThatThrownBy(() -> CloudEventJson.parse("{\"specversion\":\"0.3\"}"))
        .hasMessageContaining("0.3");
    assertThatThrownBy(() -> CloudEventJson.parse("{\"time\":\"yesterday\"}"))
        .hasMessageContaining("RFC 3339");
    assertThatThrownBy(() -> CloudEventJson.parse("{\"data\":\"a\",\"data_base64\":\"AA==\"}"))
        .hasMessageContaining("both");
    assertThatThrownBy(() -> CloudEventJson.parse("{\"ext\":{\"a\":1}}"))
        .hasMessageContaining("'ext'");
  }

  @Test
  void aDeliveryIsPrintedSoThatItsEventReadsBackAsItWas() throws Exception {
    Event json =
        CloudEventJson.parse(
            "{\"id\":\"e1\",\"source\":\"/s\",\"type\":\"t\",\"subject\":\"k\","
                + "\"time\":\"2026-01-31T12:00:00.5Z\",\"data\":{\"n\":1},\"tenant\":\"acme\"}");
    Event text =
        json.toBuilder()
            .setDataContentType("text/plain")
            .setData(ByteString.copyFromUtf8("hi"))
            .build();
    Event binary =
        json.toBuilder()
            .setDataContentType("application/octet-stream")
            .setData(ByteString.copyFrom(new byte[] {(byte) 0xff, 0, 1}))
            .build();

    for (Event event : new Event[] {json, text, binary}) {
      String line =
          CloudEventJson.format(
              Delivery.newBuilder()
                  .setEvent(event)
                  .setStream("events")
                  .setPartition(2)
                  .setOffset(41)
                  .setTimestamp(CloudEventJson.timestamp("2026-01-31T12:00:01Z"))
                  .build());
      JsonNode node = new ObjectMapper().readTree(line);
      assertThat(node.get("stream").asText()).isEqualTo("events");
      assertThat(node.get("partition").asInt()).isEqualTo(2);
      assertThat(node.get("offset").asLong()).isEqualTo(41);
      assertThat(node.get("timestamp").asText()).isEqualTo("2026-01-31T12:00:01Z");
      assertThat(CloudEventJson.parse(node.get("event").toString())).isEqualTo(event);
    }
  }
}
