package dev.sluice.gateway.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gateway.core.GatewayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The envelope's rules, with the message each broken one gets, the same whichever path reads the
 * message: {@code op} an int, {@code s} null or a non-negative long, {@code t} null or a string,
 * each of the four keys at most once, and what follows a body well formed.
 */
class EnvelopeRulesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"op\":0,\"s\":[1],\"t\":\"A\",\"d\":{}}                | s is not an integer or null",
        "{\"t\":\"A\",\"s\":{\"n\":1},\"op\":0,\"d\":{}}           | s is not an integer or null",
        "{\"op\":0,\"s\":\"1\",\"d\":{}}                          | s is not an integer or null",
        "{\"op\":0,\"s\":1.5}                                   | s is not an integer or null",
        "{\"op\":0,\"s\":true}                                  | s is not an integer or null",
        "{\"op\":0,\"s\":-2}                                    | s is negative",
        "{\"op\":0,\"s\":99999999999999999999}                  | s is out of range",
        "{\"op\":0,\"s\":1,\"t\":{\"x\":1},\"d\":{}}                | t is not a string or null",
        "{\"t\":[\"A\"],\"s\":1,\"op\":0,\"d\":{}}                 | t is not a string or null",
        "{\"op\":0,\"t\":5}                                     | t is not a string or null",
        "{\"op\":[0],\"d\":{}}                                  | op is not an integer",
        "{\"op\":{\"v\":0},\"s\":1,\"t\":\"A\",\"d\":{}}            | op is not an integer",
        "{\"op\":null}                                        | op is not an integer",
        "{\"op\":1e1}                                         | op is not an integer",
        "{\"op\":4294967296}                                  | op is out of range",
        "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":{},\"op\":{}}            | duplicate op in gateway message",
        "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":{},\"op\":7}             | duplicate op in gateway message",
        "{\"op\":0,\"o\\u0070\":1}                               | duplicate op in gateway message",
        "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":{},\"d\":{}}             | duplicate d in gateway message",
        "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":[],\"s\":[2]}            | duplicate s in gateway message",
        "{\"t\":\"A\",\"t\":\"B\",\"s\":1,\"op\":0,\"d\":{}}           | duplicate t in gateway message",
        "{\"s\":1,\"s\":null,\"op\":0}                           | duplicate s in gateway message",
        "{\"op\":0,\"d\":{},}                                   | malformed gateway message after d",
        "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":[1},\"x\":1}             | malformed gateway message body: it has mismatched brackets",
        "{\"op\":0,\"d\":{\"a\":\"}                               | malformed gateway message body: it does not end",
        "{\"s\":1}                                            | gateway message without op",
      })
  void aBrokenRuleIsADecodeErrorSayingWhichOnBothPaths(String json, String message) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> EnvelopeReader.readWithJackson(bytes, 0, bytes.length))
        .as("Jackson path")
        .isInstanceOfSatisfying(GatewayException.class, e -> isDecode(e, message));
    // The codec (fast path first): at once, or when a body it bounded without scanning is read.
    assertThatThrownBy(() -> GatewayCodec.decode(bytes).data().asString())
        .as("codec")
        .isInstanceOfSatisfying(GatewayException.class, e -> isDecode(e, message));
  }

  @Test
  void negativeZeroIsZeroAndOtherKeysAfterTheBodyAreRead() {
    GatewayPayload p = GatewayCodec.decode("{\"op\":-0,\"s\":-0,\"t\":\"A\",\"d\":{}}");
    assertThat(p.op()).isZero();
    assertThat(p.sequence()).isZero();
    GatewayPayload after = GatewayCodec.decode("{\"d\":[1],\"t\":\"B\",\"op\":0,\"x\":{\"y\":[]}}");
    assertThat(after.type()).isEqualTo("B");
    assertThat(after.data().asString()).isEqualTo("[1]");
  }

  @Test
  void aTypeWithControlOrNonAsciiCharactersIsLeftToJackson() {
    byte[] raw = "{\"t\":\"A\u0001B\",\"s\":1,\"op\":0,\"d\":{}}".getBytes(StandardCharsets.UTF_8);
    assertThat(EnvelopeScanner.scan(raw, 0, raw.length)).isNull();
    assertThatThrownBy(() -> GatewayCodec.decode(raw))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.DECODE));
    byte[] accented = "{\"t\":\"É\",\"s\":1,\"op\":0,\"d\":{}}".getBytes(StandardCharsets.UTF_8);
    assertThat(EnvelopeScanner.scan(accented, 0, accented.length)).isNull();
    assertThat(GatewayCodec.decode(accented).type()).isEqualTo("É");
    byte[] invalidUtf8 = {
      '{', '"', 't', '"', ':', '"', (byte) 0xC3, '"', ',', '"', 'o', 'p', '"', ':', '0', '}'
    };
    assertThatThrownBy(() -> GatewayCodec.decode(invalidUtf8))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.DECODE));
  }

  private static void isDecode(GatewayException e, String message) {
    assertThat(e.kind()).isEqualTo(GatewayException.Kind.DECODE);
    assertThat(e.getMessage()).isEqualTo(message);
  }
}
