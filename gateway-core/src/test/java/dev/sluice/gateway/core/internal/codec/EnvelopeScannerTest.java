package dev.sluice.gateway.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gateway.core.Fixtures;
import dev.sluice.gateway.core.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast envelope scan must agree with the Jackson reader on every message it accepts, and hand
 * every message it is not sure of to the Jackson reader, so that errors stay exactly as typed.
 */
class EnvelopeScannerTest {

  @Test
  void agreesWithJacksonOnEveryFixtureInWireAndDocsOrder() {
    int scanned = 0;
    for (String name : Fixtures.names()) {
      if (name.startsWith("http_")) {
        continue;
      }
      byte[] docs = Fixtures.bytes(name);
      scanned += agree(docs) ? 1 : 0;
      GatewayPayload p = EnvelopeReader.readWithJackson(docs, 0, docs.length);
      String wire =
          "{\"t\":"
              + (p.type() == null ? "null" : "\"" + p.type() + "\"")
              + ",\"s\":"
              + (p.hasSequence() ? p.sequence() : "null")
              + ",\"op\":"
              + p.op()
              + ",\"d\":"
              + p.data().asString()
              + "}";
      boolean structured =
          p.data().isNull() || p.data().isObject() || p.data().asString().startsWith("[");
      // Scalar bodies (op 1's sequence, op 9's flag) are left to Jackson on purpose.
      assertThat(agree(wire.getBytes(StandardCharsets.UTF_8)))
          .as(name + " in wire order")
          .isEqualTo(structured);
    }
    assertThat(scanned)
        .as("fixtures (pretty-printed, docs order) taken by the fast path")
        .isPositive();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"op\":11}",
        "{\"op\":1,\"d\":null}",
        "{ \"t\" : \"X\" , \"s\" : 7 , \"op\" : 0 , \"d\" : [1,{\"a\":\"}\"}] }",
        "{\"d\":{\"s\":\"not the sequence\",\"op\":99},\"op\":0,\"s\":3,\"t\":\"A\"}",
        "{\"op\":0,\"s\":1,\"t\":\"A\",\"d\":{\"text\":\"quote \\\" and backslash \\\\\"}}",
        "{\"op\":0,\"s\":1,\"t\":\"A\",\"d\":{\"emoji\":\"🔥 ünïcödé \\u00e9\"}}",
        "{\"op\":0,\"s\":9007199254740993,\"t\":\"BIG\",\"d\":{}}",
        "{\"t\":\"A\",\"s\":0,\"op\":0,\"d\":{}}",
        "{\"t\":null,\"s\":null,\"op\":10,\"d\":{\"heartbeat_interval\":41250}}",
        "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":[]}",
        "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":{}}\n",
      })
  void acceptsWhatJacksonReadsTheSame(String json) {
    assertThat(agree(json.getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"op\":9,\"d\":false}",
        "{\"op\":1,\"d\":42}",
        "{\"op\":0,\"t\":\"A\\u0042\",\"d\":{}}",
        "{\"op\":0,\"x\":1,\"d\":{}}",
        "{\"o\\u0070\":0,\"d\":{}}",
        "{\"op\":-1}",
        "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":{},\"x\":1}",
      })
  void leavesUnusualButValidMessagesToJackson(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    assertThat(EnvelopeScanner.scan(bytes, 0, bytes.length)).isNull();
    assertThat(GatewayCodec.decode(bytes)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{}",
        "{\"s\":1}",
        "{\"op\":0,\"d\":{\"a\":1}",
        "{\"op\":0,\"d\":{\"a\":\"unterminated}}",
        "{\"op\":0,\"d\":{}} trailing",
        "{\"op\":0,\"d\":{}}}",
        "{\"op\":\"0\"}",
        "{\"op\":0,,\"d\":{}}",
        "[\"op\",0]",
        "{\"op\":12345678901}",
        "{\"t\":\"A\",\"s\":01,\"op\":0,\"d\":{}}",
        "{\"t\":\"A\",\"s\":1,\"op\":00,\"d\":{}}",
        "{\"op\":0,\"s\":01,\"t\":\"A\",\"d\":{}}",
        "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":{}]}",
        "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":[}}",
      })
  void rejectsMalformedMessagesWithTheSlowPathsTypedError(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    assertThat(EnvelopeScanner.scan(bytes, 0, bytes.length)).isNull();
    assertThatThrownBy(() -> GatewayCodec.decode(bytes))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.DECODE));
  }

  @Test
  void everyTruncationAndEveryStringSplitOfARealMessageIsJudgedAsJacksonJudgesIt() {
    byte[] full = Fixtures.bytes("message_create");
    GatewayPayload p = EnvelopeReader.readWithJackson(full, 0, full.length);
    byte[] wire =
        ("{\"t\":\"MESSAGE_CREATE\",\"s\":42,\"op\":0,\"d\":" + p.data().asString() + "}")
            .getBytes(StandardCharsets.UTF_8);
    for (int cut = 0; cut < wire.length; cut++) {
      GatewayPayload scanned = EnvelopeScanner.scan(wire, 0, cut);
      if (scanned == null) {
        int at = cut;
        assertThatThrownBy(() -> GatewayCodec.decode(wire, 0, at))
            .as("cut at " + cut)
            .isInstanceOf(GatewayException.class);
      } else {
        // The tail looked complete (it ends in "}}" or "]}"): the body is checked when read.
        assertThatThrownBy(() -> scanned.data().length())
            .as("cut at " + cut)
            .isInstanceOfSatisfying(
                GatewayException.class,
                e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.DECODE));
        assertThat(scanned.data().toString()).startsWith("<malformed");
      }
    }
    // The same message at every offset of a larger buffer (the eight-byte reads must respect both
    // ends).
    for (int pad = 0; pad < 16; pad++) {
      byte[] padded = new byte[wire.length + 2 * pad];
      java.util.Arrays.fill(padded, (byte) '"');
      System.arraycopy(wire, 0, padded, pad, wire.length);
      GatewayPayload at = EnvelopeScanner.scan(padded, pad, wire.length);
      assertThat(at).isNotNull();
      assertThat(at.data().asString()).isEqualTo(p.data().asString());
    }
  }

  @Test
  void randomBodiesWithEscapesAtEveryAlignmentAgree() {
    SplittableRandom random = new SplittableRandom(7);
    String[] pieces = {"a", "\\\"", "\\\\", "}", "]", "{", "[", ",", ":", "é", "🔥", " ", "\\n"};
    List<String> bodies = new ArrayList<>();
    for (int n = 0; n < 3000; n++) {
      StringBuilder s = new StringBuilder("{\"k\":\"");
      int len = random.nextInt(40);
      for (int i = 0; i < len; i++) {
        s.append(pieces[random.nextInt(pieces.length)]);
      }
      s.append("\",\"n\":[")
          .append(random.nextInt())
          .append(",{\"x\":\"")
          .append(len)
          .append("\"}]}");
      bodies.add(s.toString());
    }
    for (String body : bodies) {
      String json = "{\"t\":\"T\",\"s\":5,\"op\":0,\"d\":" + body + "}";
      assertThat(agree(json.getBytes(StandardCharsets.UTF_8))).as(json).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":{\"a\":[1,2]},\"extra\":{\"b\":[]}}",
        "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":[{\"a\":\"]}\"}] , \"x\":[1] }",
      })
  void aBodyFollowedByMoreMembersIsMeasuredExactlyWhenRead(String json) {
    assertThat(agree(json.getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":{\"a\":\"unterminated}}",
        "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":{\"a\":{}}}}",
        "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":{\"a\":1} garbage {}}",
        "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":{\"a\":[}}}",
        "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":[{\"a\":1]]}",
      })
  void aMalformedBodyIsADecodeErrorWhenRead(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    GatewayPayload payload = GatewayCodec.decode(bytes);
    assertThat(payload.type()).isEqualTo("A");
    assertThatThrownBy(() -> payload.data().asString())
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.DECODE));
  }

  /** True if the fast path took the message; fails if it read it differently from Jackson. */
  @Test
  void typeNamesAlikeAreAllKeptSoDecodingThemAllocatesNoString() {
    List<String> names =
        List.of(
            "MESSAGE_CREATE",
            "MESSAGE_UPDATE",
            "MESSAGE_DELETE",
            "GUILD_ROLE_UPDATE",
            "GUILD_ROLE_DELETE",
            "GUILD_BAN_ADD",
            "GUILD_BAN_REMOVE",
            "READY",
            "RESUMED");
    List<String> first = names.stream().map(name -> scanType(name, 1)).toList();
    assertThat(first).isEqualTo(names);
    for (int round = 2; round < 5; round++) {
      for (int i = 0; i < names.size(); i++) {
        // Interleaved: a name evicted by the one after it would come back as a new String.
        assertThat(scanType(names.get(i), round))
            .as(names.get(i) + " from the cache")
            .isSameAs(first.get(i));
      }
    }
  }

  private static String scanType(String name, long sequence) {
    byte[] bytes =
        ("{\"t\":\"" + name + "\",\"s\":" + sequence + ",\"op\":0,\"d\":{}}")
            .getBytes(StandardCharsets.UTF_8);
    return EnvelopeScanner.scan(bytes, 0, bytes.length).type();
  }

  private static boolean agree(byte[] bytes) {
    GatewayPayload fast = EnvelopeScanner.scan(bytes, 0, bytes.length);
    GatewayPayload slow = EnvelopeReader.readWithJackson(bytes, 0, bytes.length);
    if (fast == null) {
      return false;
    }
    assertThat(fast.op()).isEqualTo(slow.op());
    assertThat(fast.sequence()).isEqualTo(slow.sequence());
    assertThat(fast.type()).isEqualTo(slow.type());
    assertThat(fast.data().asString()).isEqualTo(slow.data().asString());
    return true;
  }
}
