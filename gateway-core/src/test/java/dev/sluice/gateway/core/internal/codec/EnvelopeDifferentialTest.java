package dev.sluice.gateway.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.SeededRuns;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The fast path ({@link EnvelopeScanner}) and the Jackson path ({@link EnvelopeReader}) must give
 * the same answer on every generated envelope ({@link EnvelopeShapes}): the same op, s, t and body
 * text, or both a DECODE {@link GatewayException}. A body the fast path bounded without scanning
 * counts with its first read, as that is when its end and what follows it are checked. Any other
 * throwable (a {@code StackOverflowError}, a Jackson exception, a runtime exception) fails. Seeded:
 * a failure prints the seed, {@code -Dsluice.seed=N} replays it.
 */
class EnvelopeDifferentialTest {

  /** What a path made of a message: a payload (body read) or a DECODE error. */
  record Outcome(boolean decoded, int op, long sequence, String type, String body) {
    static final Outcome DECODE_ERROR = new Outcome(false, 0, 0, null, null);
  }

  private final Tally tally = new Tally();

  @Test
  void fastAndJacksonPathsAgreeOnGeneratedEnvelopes() {
    SeededRuns.run(
        "fast and Jackson envelope paths agree",
        8000,
        random -> agree(new EnvelopeShapes(random).message()));
    // The generator must reach every kind of answer, or the agreement says little.
    assertThat(tally.fast).as("messages the fast path took").isGreaterThan(1500);
    assertThat(tally.deferredErrors).as("fast-path bodies found bad when read").isPositive();
    assertThat(tally.decoded).as("messages both paths decoded").isGreaterThan(2000);
    assertThat(tally.errors).as("messages both paths rejected").isGreaterThan(2000);
  }

  @Test
  void everyTruncationOfGeneratedWireMessagesIsJudgedAlike() {
    SeededRuns.run(
        "every truncation judged alike",
        100,
        random -> {
          EnvelopeShapes shapes = new EnvelopeShapes(random);
          byte[] whole;
          do { // short ones: every cut of a message is a case
            whole = shapes.wireShape().getBytes(StandardCharsets.UTF_8);
          } while (whole.length > 250);
          for (int cut = 0; cut <= whole.length; cut++) {
            agree(Arrays.copyOf(whole, cut));
          }
        });
    assertThat(tally.fast).as("whole or cut messages the fast path took").isGreaterThan(50);
    assertThat(tally.errors).isGreaterThan(2000);
  }

  @Test
  void theIssuesExamplesGetOneAnswer() {
    for (String json :
        new String[] {
          "{\"op\":0,\"s\":[1],\"t\":\"A\",\"d\":{}}",
          "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":{},\"op\":{}}",
          "{\"t\":\"A\",\"s\":1,\"op\":0,\"d\":{},\"op\":7}",
        }) {
      assertThat(agree(json.getBytes(StandardCharsets.UTF_8)))
          .as(json)
          .isEqualTo(Outcome.DECODE_ERROR);
    }
  }

  private Outcome agree(byte[] message) {
    Outcome jackson = outcome(() -> EnvelopeReader.readWithJackson(message, 0, message.length));
    GatewayPayload fast = EnvelopeScanner.scan(message, 0, message.length);
    if (fast != null) {
      tally.fast++;
      Outcome fastOutcome = outcome(() -> fast);
      tally.deferredErrors += fastOutcome.decoded() ? 0 : 1;
      assertThat(fastOutcome).as(() -> text(message)).isEqualTo(jackson);
    }
    Outcome codec = outcome(() -> GatewayCodec.decode(message));
    assertThat(codec).as(() -> "GatewayCodec.decode of " + text(message)).isEqualTo(jackson);
    if (jackson.decoded()) {
      tally.decoded++;
    } else {
      tally.errors++;
    }
    return jackson;
  }

  private static Outcome outcome(java.util.function.Supplier<GatewayPayload> decode) {
    try {
      GatewayPayload p = decode.get();
      return new Outcome(true, p.op(), p.sequence(), p.type(), p.data().asString());
    } catch (GatewayException e) {
      assertThat(e.kind()).as(e.getMessage()).isEqualTo(GatewayException.Kind.DECODE);
      assertThat(e.getMessage()).isNotBlank();
      return Outcome.DECODE_ERROR;
    }
  }

  private static String text(byte[] message) {
    String s = new String(message, StandardCharsets.UTF_8);
    return s.length() > 400 ? s.substring(0, 400) + "…(" + message.length + " bytes)" : s;
  }

  /** How the generated cases were answered, to show the generator reaches every answer. */
  private static final class Tally {
    int fast;
    int deferredErrors;
    int decoded;
    int errors;
  }
}
