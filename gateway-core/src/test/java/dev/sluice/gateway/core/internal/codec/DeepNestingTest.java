package dev.sluice.gateway.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gateway.core.Fixtures;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.GatewayException.Kind;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.event.EventMeta;
import dev.sluice.gateway.core.event.MessageCreate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * A body nested 100,000 levels deep is a typed DECODE (or, when bound, EVENT_DECODE) error wherever
 * it is met: on arrival when the body is scanned, on first read when the fast path bounded it
 * without scanning, at typed decode, as a tree. Never a {@code StackOverflowError}. The limit is
 * Jackson's own ({@link JsonBytes#MAX_DEPTH}): a body at the limit decodes.
 */
class DeepNestingTest {

  private static final int DEEP = 100_000;

  private static String nested(int depth) {
    return "{\"content\":\"hi\",\"nested\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
  }

  private static byte[] wire(String body) {
    return ("{\"t\":\"MESSAGE_CREATE\",\"s\":7,\"op\":0,\"d\":" + body + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] docsOrder(String body) {
    return ("{\"op\":0,\"d\":" + body + ",\"s\":7,\"t\":\"MESSAGE_CREATE\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static EventMeta meta() {
    return new EventMeta("MESSAGE_CREATE", ShardInfo.SINGLE, 7, Instant.EPOCH);
  }

  @Test
  void aDeepBodyScannedOnArrivalIsADecodeErrorThere() {
    String deep = nested(DEEP);
    byte[] docs = docsOrder(deep);
    isTyped(() -> GatewayCodec.decode(docs), Kind.DECODE, "nests deeper than 500 levels");
    byte[] wire = wire(deep);
    isTyped(
        () -> EnvelopeReader.readWithJackson(wire, 0, wire.length),
        Kind.DECODE,
        "nests deeper than 500 levels");
    byte[] unclosed = wire("{\"a\":" + "[".repeat(DEEP));
    isTyped(
        () -> EnvelopeReader.readWithJackson(unclosed, 0, unclosed.length),
        Kind.DECODE,
        "nests deeper than 500 levels");
  }

  @Test
  void aDeepBodyTheFastPathBoundedIsADecodeErrorWhenFirstRead() {
    GatewayPayload payload = GatewayCodec.decode(wire(nested(DEEP)));
    assertThat(payload.type()).isEqualTo("MESSAGE_CREATE");
    isTyped(() -> payload.data().asString(), Kind.DECODE, "nests deeper than 500 levels");
    isTyped(
        () -> EventDecoder.decode(payload, meta(), MessageCreate.class),
        Kind.DECODE,
        "nests deeper than 500 levels");
    isTyped(() -> EventDecoder.decode(payload, meta()), Kind.DECODE, "nests deeper");
    isTyped(() -> EventDecoder.raw(payload, meta()).json(), Kind.DECODE, "nests deeper");
    isTyped(() -> payload.data().toTree(), Kind.DECODE, "nests deeper");
  }

  @Test
  void aDeepBodyGivenToTypedDecodeAsTextIsAnEventDecodeError() {
    GatewayPayload given = new GatewayPayload(0, 7, "MESSAGE_CREATE", RawJson.of(nested(DEEP)));
    isTyped(
        () -> EventDecoder.decode(given, meta(), MessageCreate.class),
        Kind.EVENT_DECODE,
        "cannot decode MESSAGE_CREATE");
    isTyped(() -> given.data().toTree(), Kind.DECODE, "malformed json value");
  }

  @Test
  void deepValuesOutsideTheBodyAreDecodeErrorsToo() {
    String deep = "[".repeat(DEEP) + "]".repeat(DEEP);
    for (String json :
        new String[] {
          "{\"op\":0,\"x\":" + deep + ",\"d\":{}}",
          "{\"op\":0,\"s\":" + deep + "}",
          "{\"t\":" + deep + ",\"s\":1,\"op\":0,\"d\":{}}",
          "{\"op\":" + deep + "}",
          "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":{},\"x\":" + deep + "}",
        }) {
      isTyped(() -> GatewayCodec.decode(json).data().asString(), Kind.DECODE, "");
    }
  }

  @Test
  void aBodyAtJacksonsLimitDecodesAndOneLevelMoreDoesNot() {
    byte[] fixture = Fixtures.bytes("message_create");
    String body = EnvelopeReader.readWithJackson(fixture, 0, fixture.length).data().asString();
    int max = JsonBytes.MAX_DEPTH;
    assertThat(max).isEqualTo(500);
    String atLimit =
        "{\"nested\":" + "[".repeat(max - 1) + "]".repeat(max - 1) + "," + body.substring(1);
    for (byte[] message : new byte[][] {wire(atLimit), docsOrder(atLimit)}) {
      GatewayPayload p = GatewayCodec.decode(message);
      MessageCreate event = EventDecoder.decode(p, meta(), MessageCreate.class);
      assertThat(event.content()).isNotNull();
    }
    String over = "{\"nested\":" + "[".repeat(max) + "]".repeat(max) + "," + body.substring(1);
    isTyped(() -> GatewayCodec.decode(docsOrder(over)), Kind.DECODE, "nests deeper than 500");
    isTyped(
        () -> GatewayCodec.decode(wire(over)).data().length(),
        Kind.DECODE,
        "nests deeper than 500");
  }

  private static void isTyped(ThrowingCallable call, Kind kind, String messagePart) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(kind);
              assertThat(e.getMessage()).contains(messagePart);
            });
  }
}
