package dev.sluice.gateway.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.GatewayException.Kind;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.protocol.Opcode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayCodecTest {

  @Test
  void payloadWithoutSequenceOrTypeKeysDecodes() {
    GatewayPayload p = GatewayCodec.decode("{\"op\":11}");
    assertThat(p.opcode()).isEqualTo(Opcode.HEARTBEAT_ACK);
    assertThat(p.hasSequence()).isFalse();
    assertThat(p.type()).isNull();
    assertThat(p.data().isNull()).isTrue();
  }

  @Test
  void ackWhoseDataIsAnEmptyObjectDecodes() {
    GatewayPayload p = GatewayCodec.decode("{\"op\":11,\"d\":{},\"s\":null,\"t\":null}");
    assertThat(p.opcode()).isEqualTo(Opcode.HEARTBEAT_ACK);
    assertThat(p.data().asString()).isEqualTo("{}");
  }

  @Test
  void readyWithSequenceZeroKeepsTheZero() {
    GatewayPayload p =
        GatewayCodec.decode(
            "{\"t\":\"READY\",\"s\":0,\"op\":0,\"d\":{\"session_id\":\"abc\","
                + "\"resume_gateway_url\":\"wss://r.example\",\"guilds\":[{\"id\":\"1\"}]}}");
    assertThat(p.sequence()).isZero();
    assertThat(p.hasSequence()).isTrue();
    assertThat(p.readyInfo()).isEqualTo(new GatewayPayload.ReadyInfo("abc", "wss://r.example"));
  }

  @Test
  void keyOrderDoesNotMatterAndUnknownKeysAreSkipped() {
    GatewayPayload p =
        GatewayCodec.decode(
            "{\"x\":[1,{\"y\":\"}\"}],\"d\":{\"a\":\"}]\"},\"t\":\"X\",\"s\":7,\"op\":0,\"z\":null}");
    assertThat(p.op()).isZero();
    assertThat(p.sequence()).isEqualTo(7);
    assertThat(p.type()).isEqualTo("X");
    assertThat(p.data().asString()).isEqualTo("{\"a\":\"}]\"}");
  }

  @Test
  void scalarDataIsKeptRaw() {
    assertThat(GatewayCodec.decode("{\"op\":9,\"d\":true}").data().asString()).isEqualTo("true");
    assertThat(GatewayCodec.decode("{\"op\":1,\"d\":251}").data().asString()).isEqualTo("251");
    assertThat(GatewayCodec.decode("{\"op\":0,\"d\":\"a\\\"b\"}").data().asString())
        .isEqualTo("\"a\\\"b\"");
  }

  @Test
  void unknownOpcodeIsToleratedWithItsRawValue() {
    GatewayPayload p = GatewayCodec.decode("{\"op\":99,\"d\":null}");
    assertThat(p.op()).isEqualTo(99);
    assertThat(p.opcode()).isEqualTo(Opcode.UNKNOWN);
  }

  @Test
  void dataIsAViewOnTheReceivedBytesNotACopy() {
    byte[] message =
        "{\"op\":0,\"d\":{\"k\":1},\"s\":1,\"t\":\"X\"}".getBytes(StandardCharsets.UTF_8);
    GatewayPayload p = GatewayCodec.decode(message);
    assertThat(p.data().toBytes()).isEqualTo("{\"k\":1}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void decodingARangeOfALargerBufferViewsTheRightBytes() {
    String framed = "xxxxx{\"t\":\"A\",\"s\":3,\"op\":0,\"d\":{\"k\":[1,{\"q\":\"]\"}]}}yyy";
    byte[] bytes = framed.getBytes(StandardCharsets.UTF_8);
    GatewayPayload p = GatewayCodec.decode(bytes, 5, bytes.length - 8);
    assertThat(p.type()).isEqualTo("A");
    assertThat(p.data().asString()).isEqualTo("{\"k\":[1,{\"q\":\"]\"}]}");
    GatewayPayload scalar = GatewayCodec.decode("zz{\"op\":1,\"d\":42}".getBytes(), 2, 15);
    assertThat(scalar.data().asString()).isEqualTo("42");
  }

  @Test
  void keysAfterTheBodyAreStillRead() {
    GatewayPayload p =
        GatewayCodec.decode("{\"op\":0,\"d\":{\"a\":\"\\\"}\"} , \"s\":5,\"t\":\"X\",\"u\":[{}]}");
    assertThat(p.sequence()).isEqualTo(5);
    assertThat(p.type()).isEqualTo("X");
    assertThat(p.data().asString()).isEqualTo("{\"a\":\"\\\"}\"}");
  }

  @Test
  void multiByteUtf8InsideTheBodyIsKeptExactly() {
    GatewayPayload p =
        GatewayCodec.decode("{\"op\":0,\"s\":1,\"t\":\"X\",\"d\":{\"e\":\"🔥 ü \\u00e9 }\"}}");
    assertThat(p.data().asString()).isEqualTo("{\"e\":\"🔥 ü \\u00e9 }\"}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{\"op\":0,\"d\":{\"a\":\"unterminated}}",
        "{\"op\":0,\"d\":{\"a\":1}",
        "{\"op\":0,\"d\":{\"a\":1} \"s\":1}",
        "{\"op\":0,\"d\":[1,2]]",
        "not json",
        "[1,2]",
        "{\"op\":\"zero\"}",
        "{\"d\":{}}",
        "{\"op\":0,\"d\":{\"a\":",
        "{\"op\":0,\"d\":{\"a\":1}",
        "{\"op\":0,\"d\":{\"a\":1}}}garbage",
        "\u0000\u0001"
      })
  void malformedMessagesGetATypedDecodeError(String text) {
    assertThatThrownBy(() -> GatewayCodec.decode(text))
        .isInstanceOf(GatewayException.class)
        .satisfies(e -> assertThat(((GatewayException) e).kind()).isEqualTo(Kind.DECODE));
  }

  @Test
  void helloWithoutIntervalIsADecodeError() {
    GatewayPayload hello = GatewayCodec.decode("{\"op\":10,\"d\":{}}");
    assertThatThrownBy(hello::heartbeatInterval)
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.kind()).isEqualTo(Kind.DECODE));
  }

  @Test
  void invalidSessionFlagIsOnlyTrueForLiteralTrue() {
    assertThat(GatewayCodec.decode("{\"op\":9,\"d\":true}").resumable()).isTrue();
    assertThat(GatewayCodec.decode("{\"op\":9,\"d\":false}").resumable()).isFalse();
    assertThat(GatewayCodec.decode("{\"op\":9}").resumable()).isFalse();
  }

  @Test
  void heartbeatCarriesTheSequenceOrNull() {
    assertThat(new String(GatewayCodec.encodeHeartbeat(251), StandardCharsets.US_ASCII))
        .isEqualTo("{\"op\":1,\"d\":251}");
    assertThat(new String(GatewayCodec.encodeHeartbeat(-1), StandardCharsets.US_ASCII))
        .isEqualTo("{\"op\":1,\"d\":null}");
    assertThat(GatewayCodec.decode(GatewayCodec.encodeHeartbeat(7)).data().asString())
        .isEqualTo("7");
  }

  @Test
  void sessionRoundTripsThroughJson() {
    Session session = new Session("abc", "wss://resume.example/x", 1337, ShardInfo.of(2, 4));
    String json = GatewayCodec.writeSession(session);
    assertThat(json).contains("\"session_id\":\"abc\"").contains("\"shard\":[2,4]");
    assertThat(GatewayCodec.readSession(json)).isEqualTo(session);
  }

  @Test
  void invalidStoredSessionIsATypedError() {
    assertThatThrownBy(() -> GatewayCodec.readSession("{\"session_id\":\"\"}"))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.kind()).isEqualTo(Kind.DECODE));
  }
}
