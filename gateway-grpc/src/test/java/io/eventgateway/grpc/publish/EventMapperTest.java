package io.eventgateway.grpc.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnsafeByteOperations;
import io.eventgateway.api.v1.Event;
import io.eventgateway.api.v1.PublishRequest;
import io.eventgateway.core.port.in.EventDraft;
import io.eventgateway.core.port.in.PublishCommand;
import io.eventgateway.core.port.in.PublishFailure;
import io.eventgateway.grpc.publish.EventMapper.MalformedEventException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventMapperTest {

  @Test
  void mapsEveryField() {
    Event event =
        Event.newBuilder()
            .setId("e-1")
            .setSource("/shop")
            .setType("order.created")
            .setSubject("order-1")
            .setTime(Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(5))
            .setDataContentType("application/json")
            .setData(ByteString.copyFromUtf8("{}"))
            .putAttributes("tenant", "acme")
            .build();

    PublishCommand command =
        EventMapper.toCommand(
            PublishRequest.newBuilder().setStream("orders").setEvent(event).build());

    assertThat(command.stream()).isEqualTo("orders");
    EventDraft draft = command.event();
    assertThat(draft.id()).isEqualTo("e-1");
    assertThat(draft.source()).isEqualTo("/shop");
    assertThat(draft.type()).isEqualTo("order.created");
    assertThat(draft.subject()).isEqualTo("order-1");
    assertThat(draft.time()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 5));
    assertThat(draft.dataContentType()).isEqualTo("application/json");
    assertThat(draft.data().toByteArray())
        .isEqualTo("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(draft.attributes()).containsExactly(Map.entry("tenant", "acme"));
  }

  @Test
  void anAbsentTimeIsNull() {
    assertThat(EventMapper.toDraft(Event.getDefaultInstance()).time()).isNull();
  }

  @Test
  void parsedDataReachesTheLogWithoutACopy() throws Exception {
    byte[] data = {1, 2, 3, 4, 5};
    byte[] wire =
        PublishRequest.newBuilder()
            .setStream("orders")
            .setEvent(Event.newBuilder().setData(ByteString.copyFrom(data)))
            .build()
            .toByteArray();
    Event parsed = PublishRequest.parseFrom(wire).getEvent();

    byte[] handedOn = EventMapper.toDraft(parsed).data().readOnlyArray();

    assertThat(handedOn).containsExactly(data);
    assertThat(EventMapper.toDraft(parsed).data().readOnlyArray())
        .as("the parsed field's own array, the same on every call")
        .isSameAs(handedOn);
  }

  @Test
  void aSliceOfDataIsCopiedOnceForTheLog() {
    ByteString slice = ByteString.copyFrom(new byte[] {0, 1, 2, 3}).substring(1);

    byte[] handedOn = EventMapper.payloadOf(slice).readOnlyArray();

    assertThat(handedOn).containsExactly(1, 2, 3);
    assertThat(EventMapper.payloadOf(slice).readOnlyArray()).isNotSameAs(handedOn);
  }

  @Test
  void theDataIsSharedNotCopied() {
    ByteBuffer wire = ByteBuffer.allocateDirect(4).put(new byte[] {1, 2, 3, 4}).flip();
    Event event = Event.newBuilder().setData(UnsafeByteOperations.unsafeWrap(wire)).build();

    EventDraft draft = EventMapper.toDraft(event);
    wire.put(0, (byte) 9); // only visible through the draft if it shares the bytes

    assertThat(draft.data().toByteArray()).containsExactly(9, 2, 3, 4);
  }

  @Test
  void refusesAnEventTimeOutsideTheTimestampRangeNamingTheField() {
    for (Timestamp invalid :
        new Timestamp[] {
          Timestamp.newBuilder().setSeconds(-62_135_596_801L).build(),
          Timestamp.newBuilder().setSeconds(253_402_300_800L).build(),
          Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).build(),
          Timestamp.newBuilder().setNanos(-1).build(),
          Timestamp.newBuilder().setNanos(1_000_000_000).build()
        }) {
      MalformedEventException failure =
          catchThrowableOfType(
              MalformedEventException.class,
              () -> EventMapper.toDraft(Event.newBuilder().setTime(invalid).build()));

      assertThat(failure).as(invalid.toString()).isNotNull();
      assertThat(failure.failure().reason()).isEqualTo(PublishFailure.Reason.INVALID_ARGUMENT);
      assertThat(failure.failure().field()).isEqualTo("time");
    }
  }

  @Test
  void aMissingEventIsMalformed() {
    MalformedEventException failure =
        catchThrowableOfType(
            MalformedEventException.class,
            () -> EventMapper.toCommand(PublishRequest.newBuilder().setStream("orders").build()));

    assertThat(failure.failure().field()).isEqualTo("event");
    assertThat(failure.failure().message()).isEqualTo("event is required");
  }
}
