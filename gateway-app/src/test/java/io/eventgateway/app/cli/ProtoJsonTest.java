package io.eventgateway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.UninterpretedOption;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Int32Value;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.Timestamp;
import io.eventgateway.api.v1.ConsumerGroupDescription;
import io.eventgateway.api.v1.Durability;
import io.eventgateway.api.v1.GroupMember;
import io.eventgateway.api.v1.ListStreamsResponse;
import io.eventgateway.api.v1.PartitionDescription;
import io.eventgateway.api.v1.PartitionLag;
import io.eventgateway.api.v1.ResetConsumerGroupRequest;
import io.eventgateway.api.v1.ResetTo;
import io.eventgateway.api.v1.StreamClass;
import io.eventgateway.api.v1.StreamDefinition;
import io.eventgateway.api.v1.StreamDescription;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The {@code --json} output of {@code esg streams} and {@code esg groups describe}: protobuf's JSON
 * mapping, byte for byte as protobuf's {@code JsonFormat} printed it (each expected string was
 * captured from {@code JsonFormat.printer().omittingInsignificantWhitespace()}).
 */
class ProtoJsonTest {
  private static final StreamDefinition EVENTS =
      StreamDefinition.newBuilder()
          .setName("events")
          .setStreamClass(StreamClass.STREAM_CLASS_EVENTS)
          .setPartitions(3)
          .setDurability(Durability.DURABILITY_STANDARD)
          .setRetention(Duration.newBuilder().setSeconds(604800))
          .setReplicationFactor(1)
          .setMinInsyncReplicas(1)
          .build();

  @Test
  void anEmptyMessageIsAnEmptyObject() {
    assertThat(json(ListStreamsResponse.getDefaultInstance())).isEqualTo("{}");
  }

  @Test
  void streamsHaveCamelCaseNamesEnumNamesDurationsInSecondsAndNoDefaultValues() {
    ListStreamsResponse streams =
        ListStreamsResponse.newBuilder()
            .addStreams(EVENTS)
            .addStreams(
                StreamDefinition.newBuilder()
                    .setName("audit")
                    .setStreamClass(StreamClass.STREAM_CLASS_AUDIT)
                    .setPartitions(6)
                    .setDurability(Durability.DURABILITY_CRITICAL)
                    .setRetention(Duration.newBuilder().setSeconds(1).setNanos(500_000_000))
                    .setReplicationFactor(3)
                    .setMinInsyncReplicas(2))
            .addStreams(StreamDefinition.newBuilder().setName("bare"))
            .addStreams(
                StreamDefinition.newBuilder()
                    .setName("odd")
                    .setStreamClassValue(9)
                    .setDurabilityValue(-4)
                    .setRetention(Duration.newBuilder().setSeconds(-2).setNanos(-250_000)))
            .addStreams(
                StreamDefinition.newBuilder()
                    .setName("zero")
                    .setRetention(Duration.getDefaultInstance()))
            .addStreams(
                StreamDefinition.newBuilder()
                    .setName("nanos")
                    .setRetention(Duration.newBuilder().setNanos(7)))
            .build();

    assertThat(json(streams))
        .isEqualTo(
            "{\"streams\":[{\"name\":\"events\",\"streamClass\":\"STREAM_CLASS_EVENTS\",\"partitions\":3,\"durability\":\"DURABILITY_STANDARD\",\"retention\":\"604800s\",\"replicationFactor\":1,\"minInsyncReplicas\":1},{\"name\":\"audit\",\"streamClass\":\"STREAM_CLASS_AUDIT\",\"partitions\":6,\"durability\":\"DURABILITY_CRITICAL\",\"retention\":\"1.500s\",\"replicationFactor\":3,\"minInsyncReplicas\":2},{\"name\":\"bare\"},{\"name\":\"odd\",\"streamClass\":9,\"durability\":-4,\"retention\":\"-2.000250s\"},{\"name\":\"zero\",\"retention\":\"0s\"},{\"name\":\"nanos\",\"retention\":\"0.000000007s\"}]}");
  }

  @Test
  void aStreamDescriptionHas64BitOffsetsAsStringsAndReplicasAsArrays() {
    StreamDescription description =
        StreamDescription.newBuilder()
            .setDefinition(EVENTS)
            .addPartitions(
                PartitionDescription.newBuilder()
                    .setPartition(0)
                    .setStartOffset(0)
                    .setEndOffset(42)
                    .setLeader(1)
                    .addAllReplicas(List.of(1, 2, 3))
                    .addAllInSyncReplicas(List.of(1, 2)))
            .addPartitions(
                PartitionDescription.newBuilder()
                    .setPartition(1)
                    .setStartOffset(5_000_000_000L)
                    .setEndOffset(Long.MAX_VALUE)
                    .setLeader(-1)
                    .addReplicas(2))
            .build();

    assertThat(json(description))
        .isEqualTo(
            "{\"definition\":{\"name\":\"events\",\"streamClass\":\"STREAM_CLASS_EVENTS\",\"partitions\":3,\"durability\":\"DURABILITY_STANDARD\",\"retention\":\"604800s\",\"replicationFactor\":1,\"minInsyncReplicas\":1},\"partitions\":[{\"endOffset\":\"42\",\"leader\":1,\"replicas\":[1,2,3],\"inSyncReplicas\":[1,2]},{\"partition\":1,\"startOffset\":\"5000000000\",\"endOffset\":\"9223372036854775807\",\"leader\":-1,\"replicas\":[2]}]}");
  }

  @Test
  void aGroupDescriptionEscapesStringsAsBefore() {
    ConsumerGroupDescription group =
        ConsumerGroupDescription.newBuilder()
            .setGroup("billing <&='\"\\/\n\t\b\f\r\001\037\177\u2028\u2029 \u00e9 \ud83d\ude00>")
            .setStream("events")
            .setState("STABLE")
            .addMembers(
                GroupMember.newBuilder()
                    .setMemberId("m-1")
                    .setClientId("esg-subscriber")
                    .setHost("/127.0.0.1")
                    .addPartitions(0)
                    .addPartitions(2))
            .addMembers(GroupMember.newBuilder().setMemberId("m-2"))
            .addPartitions(
                PartitionLag.newBuilder()
                    .setPartition(0)
                    .setCommittedOffset(-1)
                    .setEndOffset(4)
                    .setLag(4))
            .addPartitions(
                PartitionLag.newBuilder().setPartition(2).setCommittedOffset(7).setEndOffset(7))
            .setTotalLag(4)
            .build();

    assertThat(json(group))
        .isEqualTo(
            "{\"group\":\"billing \\u003c\\u0026\\u003d\\u0027\\\"\\\\/\\n\\t\\b\\f\\r\\u0001\\u001f\177\\u2028\\u2029 \u00e9 \ud83d\ude00\\u003e\",\"stream\":\"events\",\"state\":\"STABLE\",\"members\":[{\"memberId\":\"m-1\",\"clientId\":\"esg-subscriber\",\"host\":\"/127.0.0.1\",\"partitions\":[0,2]},{\"memberId\":\"m-2\"}],\"partitions\":[{\"committedOffset\":\"-1\",\"endOffset\":\"4\",\"lag\":\"4\"},{\"partition\":2,\"committedOffset\":\"7\",\"endOffset\":\"7\"}],\"totalLag\":\"4\"}");
  }

  @Test
  void timestampsAreRfc3339AndMapsAreObjectsInEntryOrder() {
    ResetConsumerGroupRequest reset =
        ResetConsumerGroupRequest.newBuilder()
            .setGroup("g")
            .setTo(ResetTo.RESET_TO_TIME)
            .setTime(Timestamp.newBuilder().setSeconds(1_790_000_000L).setNanos(123_456_000))
            .putOffsets(2, 99L)
            .putOffsets(0, -5L)
            .build();
    ResetConsumerGroupRequest earliest =
        ResetConsumerGroupRequest.newBuilder()
            .setTime(Timestamp.newBuilder().setSeconds(-62_135_596_800L))
            .build();

    assertThat(json(reset))
        .isEqualTo(
            "{\"group\":\"g\",\"to\":\"RESET_TO_TIME\",\"time\":\"2026-09-21T14:13:20.123456Z\",\"offsets\":{\"2\":\"99\",\"0\":\"-5\"}}");
    assertThat(json(earliest)).isEqualTo("{\"time\":\"0001-01-01T00:00:00Z\"}");
  }

  /** A proto2 message from descriptor.proto, for the kinds of field the admin API lacks. */
  @Test
  void presenceUnsignedBytesBooleansAndDoublesAsInProtobufsMapping() {
    UninterpretedOption option =
        UninterpretedOption.newBuilder()
            .addName(
                UninterpretedOption.NamePart.newBuilder().setNamePart("a").setIsExtension(false))
            .addName(
                UninterpretedOption.NamePart.newBuilder().setNamePart("b").setIsExtension(true))
            .setIdentifierValue("x")
            .setPositiveIntValue(-1L)
            .setNegativeIntValue(-3L)
            .setDoubleValue(1.5e20)
            .setStringValue(ByteString.copyFrom(new byte[] {0, 1, 2, (byte) 0xff, 'a'}))
            .setAggregateValue("")
            .build();

    assertThat(json(option))
        .isEqualTo(
            "{\"name\":[{\"namePart\":\"a\",\"isExtension\":false},{\"namePart\":\"b\",\"isExtension\":true}],\"identifierValue\":\"x\",\"positiveIntValue\":\"18446744073709551615\",\"negativeIntValue\":\"-3\",\"doubleValue\":1.5E20,\"stringValue\":\"AAEC/2E=\",\"aggregateValue\":\"\"}");
    assertThat(json(UninterpretedOption.newBuilder().setDoubleValue(Double.NEGATIVE_INFINITY)))
        .isEqualTo("{\"doubleValue\":\"-Infinity\"}");
    assertThat(json(UninterpretedOption.newBuilder().setDoubleValue(Double.NaN)))
        .isEqualTo("{\"doubleValue\":\"NaN\"}");
    assertThat(json(UninterpretedOption.newBuilder().setDoubleValue(0.1)))
        .isEqualTo("{\"doubleValue\":0.1}");
  }

  /** A message built at run time, for the integer and float kinds the admin API lacks. */
  @Test
  void unsignedSignedAndFloatKindsAsInProtobufsMapping() throws Exception {
    DescriptorProto.Builder kinds = DescriptorProto.newBuilder().setName("Kinds");
    List<FieldDescriptorProto.Type> types =
        List.of(
            FieldDescriptorProto.Type.TYPE_FLOAT,
            FieldDescriptorProto.Type.TYPE_UINT32,
            FieldDescriptorProto.Type.TYPE_FIXED32,
            FieldDescriptorProto.Type.TYPE_SINT32,
            FieldDescriptorProto.Type.TYPE_SFIXED64,
            FieldDescriptorProto.Type.TYPE_FIXED64,
            FieldDescriptorProto.Type.TYPE_BOOL);
    for (int i = 0; i < types.size(); i++) {
      kinds.addField(
          FieldDescriptorProto.newBuilder()
              .setName("f_" + types.get(i).name().substring(5).toLowerCase(Locale.ROOT))
              .setNumber(i + 1)
              .setType(types.get(i)));
    }
    kinds.addField(
        FieldDescriptorProto.newBuilder()
            .setName("floats")
            .setNumber(20)
            .setType(FieldDescriptorProto.Type.TYPE_FLOAT)
            .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED));
    Descriptor type =
        FileDescriptor.buildFrom(
                FileDescriptorProto.newBuilder()
                    .setName("kinds.proto")
                    .setSyntax("proto3")
                    .addMessageType(kinds)
                    .build(),
                new FileDescriptor[0])
            .findMessageTypeByName("Kinds");
    DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
    List<Object> values = List.of(0.1f, -1, -2, -3, -4L, -5L, true);
    for (int i = 0; i < values.size(); i++) {
      message.setField(type.findFieldByNumber(i + 1), values.get(i));
    }
    for (float f : new float[] {3.0e38f, Float.POSITIVE_INFINITY, Float.NaN, -0.0f}) {
      message.addRepeatedField(type.findFieldByNumber(20), f);
    }

    assertThat(json(message))
        .isEqualTo(
            "{\"fFloat\":0.1,\"fUint32\":4294967295,\"fFixed32\":4294967294,\"fSint32\":-3,\"fSfixed64\":\"-4\",\"fFixed64\":\"18446744073709551611\",\"fBool\":true,\"floats\":[3.0E38,\"Infinity\",\"NaN\",-0.0]}");
  }

  @Test
  void wellKnownTypesWithAJsonFormOfTheirOwnAreRefused() {
    assertThatThrownBy(() -> json(Any.getDefaultInstance()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("google.protobuf.Any");
    assertThatThrownBy(() -> json(Int32Value.of(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("google.protobuf.Int32Value");
  }

  private static String json(MessageOrBuilder message) {
    return ProtoJson.toJson(message);
  }
}
