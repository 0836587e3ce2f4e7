package dev.sluice.gateway.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.SeededRuns;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.event.EventMeta;
import dev.sluice.gateway.core.event.EventTypes;
import dev.sluice.gateway.core.event.GatewayEvent;
import dev.sluice.gateway.core.event.GuildCreate;
import dev.sluice.gateway.core.event.GuildMemberUpdate;
import dev.sluice.gateway.core.event.MessageCreate;
import dev.sluice.gateway.core.event.MessageReactionAdd;
import dev.sluice.gateway.core.event.PresenceUpdate;
import dev.sluice.gateway.core.event.TypingStart;
import dev.sluice.gateway.core.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fast typed path ({@link EventReaders}) and Jackson's databind ({@link EventDecoder#bind})
 * give the same answer on every body: equal records, or the same typed error. Bodies are the
 * dispatch fixtures and the hot types' samples ({@link TypedSamples}), unchanged and mutated at a
 * random place (a value of another JSON type, an odd number or snowflake, a member removed, added,
 * given twice or named {@code @meta}, the body cut short). Seeded: {@code -Dsluice.seed=N}.
 */
class TypedFastPathDifferentialTest {

  private static final String[] ODD_VALUES = {
    "null",
    "true",
    "false",
    "0",
    "-1",
    "7",
    "2147483648",
    "-2147483649",
    "123456789012",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "1.5",
    "1e3",
    "-0",
    "\"\"",
    "\" 123 \"",
    "\"+7\"",
    "\"-7\"",
    "\"abc\"",
    "\"0\"",
    "\"12345678901234567890\"",
    "\"18446744073709551615\"",
    "\"18446744073709551616\"",
    "\"9223372036854775808\"",
    "\"1100000000000000000\"",
    "\"true\"",
    "\"5\"",
    "{}",
    "[]",
    "[null]",
    "[\"1\",\"x\"]",
    "[1,2]",
    "{\"a\":\"b\"}",
    "{\"a\":1}",
    "{\"id\":\"5\"}",
    "[{}]",
    "\"\\u0031\""
  };

  /** How a message may end after its body: well, with more members, or malformed. */
  private static final String[] ENDS = {
    "}", " } ", ",\"x\":[1]}", "}}", "", ",}", "]", "}x", ",\"d\":{}}", ",\"op\":0}", " "
  };

  private final AtomicInteger fastResults = new AtomicInteger();
  private final AtomicInteger errors = new AtomicInteger();

  @Test
  void theHotTypesTakeTheFastPath() {
    for (Class<?> type :
        List.of(
            MessageCreate.class,
            GuildCreate.class,
            PresenceUpdate.class,
            TypingStart.class,
            MessageReactionAdd.class,
            GuildMemberUpdate.class)) {
      assertThat(EventReaders.of(type)).as(type.getSimpleName()).isNotNull();
    }
    // Twice: the first read learns the members the records do not take (MemberNames).
    for (TypedSamples.Sample sample :
        List.of(TypedSamples.hot(), TypedSamples.hot()).stream().flatMap(List::stream).toList()) {
      Class<? extends GatewayEvent> type = EventTypes.classOf(sample.type()).orElseThrow();
      GatewayPayload payload = payload(sample.type(), sample.body(), "}");
      GatewayEvent fast = fastOrNull(payload, type);
      assertThat(fast).as(sample.type() + " decoded without Jackson").isNotNull();
      assertThat(fast).isEqualTo(EventDecoder.bind(payload, payload.data(), meta(), type));
    }
  }

  @Test
  void fastPathAndJacksonAgreeOnEveryFixtureAndMutation() {
    List<TypedSamples.Sample> samples = TypedSamples.all();
    for (TypedSamples.Sample sample : samples) {
      agree(sample.type(), sample.body(), "}");
    }
    SeededRuns.run(
        "fast typed path agrees with Jackson",
        6000,
        random -> {
          TypedSamples.Sample sample = samples.get(random.nextInt(samples.size()));
          String end = random.nextInt(4) == 0 ? ENDS[random.nextInt(ENDS.length)] : "}";
          agree(sample.type(), mutate(sample.body(), random), end);
        });
    assertThat(fastResults.get()).as("bodies the fast path decoded").isGreaterThan(1000);
    assertThat(errors.get()).as("bodies both paths rejected").isGreaterThan(100);
  }

  /** {@code body} as the last member of a message that ends with {@code end}. */
  private void agree(String type, String body, String end) {
    Class<? extends GatewayEvent> typeClass = EventTypes.classOf(type).orElse(null);
    if (typeClass == null) {
      return;
    }
    GatewayPayload payload;
    GatewayPayload again; // its own body view: the fast path measures a body it reads through
    try {
      payload = payload(type, body, end);
      again = payload(type, body, end);
    } catch (GatewayException e) {
      return; // not an envelope any more: nothing reaches the decoders
    }
    Object actual = outcome(() -> EventDecoder.decode(again, meta(), typeClass));
    Object expected = outcome(() -> EventDecoder.bind(payload, bodyOf(payload), meta(), typeClass));
    assertThat(actual).as(type + " " + body).isEqualTo(expected);
    if (!(expected instanceof String)) {
      assertThat(again.data().asString()).isEqualTo(payload.data().asString());
    }
    if (fastOrNull(payload(type, body, end), typeClass) != null) {
      fastResults.incrementAndGet();
    }
    if (expected instanceof String) {
      errors.incrementAndGet();
    }
  }

  private static RawJson bodyOf(GatewayPayload payload) {
    return payload.data().isObject() ? payload.data() : RawJson.of("{}");
  }

  /** The event, or its error as "kind: message (cause)" to compare as a value. */
  private static Object outcome(java.util.function.Supplier<GatewayEvent> decode) {
    try {
      return decode.get();
    } catch (GatewayException e) {
      return e.kind() + ": " + e.getMessage() + " (" + e.getCause() + ")";
    }
  }

  private static GatewayEvent fastOrNull(GatewayPayload payload, Class<?> type) {
    EventReaders.EventReader reader = EventReaders.of(type);
    if (reader == null) {
      return null;
    }
    RawJson body = bodyOf(payload);
    try (var parser = body.parserThrough()) {
      GatewayEvent event = reader.read(parser, meta());
      body.readThrough(parser);
      return event;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static GatewayPayload payload(String type, String body, String end) {
    String message = "{\"t\":\"" + type + "\",\"s\":7,\"op\":0,\"d\":" + body + end;
    return GatewayCodec.decode(message.getBytes(StandardCharsets.UTF_8));
  }

  private static EventMeta meta() {
    return new EventMeta("T", ShardInfo.of(0, 1), 7, Instant.EPOCH);
  }

  /** The body changed at one random place. */
  static String mutate(String body, SplittableRandom random) {
    int how = random.nextInt(10);
    if (how == 0) {
      return body.substring(0, random.nextInt(body.length())); // cut short
    }
    JsonNode root = Json.MAPPER.readTree(body);
    List<ObjectNode> objects = new ArrayList<>();
    collect(root, objects);
    ObjectNode target = objects.get(random.nextInt(objects.size()));
    List<String> names = new ArrayList<>(target.propertyNames());
    String name = names.isEmpty() ? "id" : names.get(random.nextInt(names.size()));
    String odd = ODD_VALUES[random.nextInt(ODD_VALUES.length)];
    switch (how) {
      case 1 -> target.remove(name);
      case 2 -> target.set("zz_unknown", Json.MAPPER.readTree(odd));
      case 3 -> target.set("@meta", Json.MAPPER.readTree(odd));
      case 4 -> {
        // the member given twice: text-level, as a tree cannot hold it
        String twice = "\"" + name + "\":" + odd + ",";
        target.put("zz_dup_marker", 1);
        return Json.MAPPER
            .writeValueAsString(root)
            .replace("\"zz_dup_marker\":1", twice + "\"" + name + "\":" + odd);
      }
      default -> target.set(name, Json.MAPPER.readTree(odd));
    }
    return Json.MAPPER.writeValueAsString(root);
  }

  private static void collect(JsonNode node, List<ObjectNode> out) {
    if (node instanceof ObjectNode object) {
      out.add(object);
      object.values().forEach(child -> collect(child, out));
    } else if (node instanceof ArrayNode array) {
      array.values().forEach(child -> collect(child, out));
    }
  }
}
