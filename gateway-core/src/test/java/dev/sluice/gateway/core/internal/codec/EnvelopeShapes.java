package dev.sluice.gateway.core.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates gateway messages of every envelope shape, valid or not: Discord's compact wire shape
 * and near misses of it, any key order, missing and repeated keys, keys after {@code d}, unknown
 * keys, escaped keys, structured, null and wrongly typed {@code op}/{@code s}/{@code t}, exotic
 * numbers (leading zeros, exponents, -0, out of range), escapes and control characters in {@code
 * t}, whitespace anywhere, bodies of any kind (deep, mismatched, unterminated), trailing commas and
 * garbage, and truncation. Deterministic for a given random source.
 */
final class EnvelopeShapes {

  private static final String[] NAMES = {
    "MESSAGE_CREATE", "READY", "RESUMED", "GUILD_CREATE", "PRESENCE_UPDATE", "A", "X_Y"
  };
  private static final String[] ODD_OPS = {
    "-0",
    "-1",
    "00",
    "01",
    "1e0",
    "1E2",
    "0.0",
    "2147483647",
    "2147483648",
    "99999999999",
    "-2147483649",
    "null",
    "\"0\"",
    "true",
    "[0]",
    "{}",
    "{\"op\":1}",
    "1.",
    ".5",
    "+1",
    "0x1"
  };
  private static final String[] ODD_SEQUENCES = {
    "-0",
    "-1",
    "-5",
    "007",
    "00",
    "1e3",
    "1.0",
    "9007199254740993",
    "999999999999999999",
    "9223372036854775807",
    "9223372036854775808",
    "99999999999999999999",
    "\"5\"",
    "[1]",
    "{}",
    "false",
    "[]",
    "{\"s\":1}",
    "NaN",
    "nul"
  };
  private static final String[] ODD_TYPES = {
    "\"\"",
    "5",
    "[]",
    "{\"t\":1}",
    "true",
    "\"A\\u0042\"",
    "\"A\\\"B\"",
    "\"A\\\\\"",
    "\"\\/\"",
    "\"A\\nB\"",
    "\"é\"",
    "\"🔥\"",
    "\"A\u0001B\"",
    "\"A\tB\"",
    "\"\\u00e9\"",
    "\"A\\x\"",
    "\"A"
  };
  private static final String[] KEYS_ESCAPED = {
    "\"o\\u0070\"", "\"\\u0073\"", "\"\\u0074\"", "\"\\u0064\"", "\"\\u006fp\""
  };
  private static final String[] UNKNOWN_KEYS = {
    "\"x\"", "\"v\"", "\"ops\"", "\"D\"", "\"\"", "\"o\""
  };
  private static final String[] WHITESPACE = {" ", "\n", "\t", "\r\n", "  \t"};
  private static final String[] STRING_PIECES = {
    "a", "\\\"", "\\\\", "}", "]", "{", "[", ",", ":", "é", "🔥", " ", "\\n", "\\u0041", "\\/"
  };

  private final SplittableRandom random;

  EnvelopeShapes(SplittableRandom random) {
    this.random = random;
  }

  /** One message, as bytes. */
  byte[] message() {
    String text = random.nextInt(3) == 0 ? wireShape() : anyShape();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (random.nextInt(10) == 0 && bytes.length > 0) {
      return Arrays.copyOf(bytes, random.nextInt(bytes.length)); // truncated
    }
    return bytes;
  }

  /** Discord's compact wire shape, now and then with one part odd or something after the body. */
  String wireShape() {
    int odd = random.nextInt(8); // 0..3: that part is odd; otherwise all as Discord sends
    String t = odd == 0 ? typeValue() : random.nextInt(5) == 0 ? "null" : plainType();
    String s = odd == 1 ? sequenceValue() : random.nextInt(5) == 0 ? "null" : plainSequence();
    String op = odd == 2 ? opValue() : Integer.toString(random.nextInt(12));
    String d = odd == 3 ? dataValue() : random.nextBoolean() ? object(3) : array(3);
    String after =
        random.nextInt(6) == 0 ? "," + member(random.nextBoolean() ? anyKey() : "\"x\"") : "";
    return "{\"t\":" + t + ",\"s\":" + s + ",\"op\":" + op + ",\"d\":" + d + after + "}";
  }

  /** Any order, repeats, unknown and escaped keys, whitespace, and odd framing. */
  String anyShape() {
    List<String> members = new ArrayList<>();
    for (String key : new String[] {"\"op\"", "\"s\"", "\"t\"", "\"d\""}) {
      if (random.nextInt(8) != 0) {
        members.add(member(key));
      }
    }
    for (int n = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0; n > 0; n--) {
      members.add(member(UNKNOWN_KEYS[random.nextInt(UNKNOWN_KEYS.length)]));
    }
    if (random.nextInt(6) == 0) {
      members.add(member(anyKey())); // a repeat, unless its key went missing above
    }
    Collections.shuffle(members, new java.util.Random(random.nextLong()));
    StringBuilder s = new StringBuilder(ws()).append('{').append(ws());
    for (int i = 0; i < members.size(); i++) {
      if (i > 0) {
        s.append(random.nextInt(60) == 0 ? "" : ",").append(ws()); // now and then no comma
      }
      s.append(members.get(i)).append(ws());
    }
    s.append(random.nextInt(40) == 0 ? ",}" : "}").append(ws());
    if (random.nextInt(40) == 0) {
      s.append(random.nextBoolean() ? "}" : " x");
    }
    return s.toString();
  }

  private String anyKey() {
    int pick = random.nextInt(10);
    if (pick == 0) {
      return KEYS_ESCAPED[random.nextInt(KEYS_ESCAPED.length)];
    }
    return new String[] {"\"op\"", "\"s\"", "\"t\"", "\"d\""}[pick % 4];
  }

  /** {@code key: value}, the value right for the key (now and then not), with whitespace. */
  private String member(String key) {
    if (random.nextInt(30) == 0) {
      key = KEYS_ESCAPED[random.nextInt(KEYS_ESCAPED.length)];
    }
    String value =
        switch (key) {
          case "\"op\"" -> opValue();
          case "\"s\"" -> sequenceValue();
          case "\"t\"" -> typeValue();
          case "\"d\"" -> dataValue();
          default -> random.nextInt(4) == 0 ? dataValue() : jsonValue(2);
        };
    return key + ws() + ":" + ws() + value;
  }

  private String opValue() {
    int pick = random.nextInt(10);
    if (pick < 7) {
      return Integer.toString(random.nextInt(12));
    }
    return pick == 7 ? deep(3 + random.nextInt(100)) : ODD_OPS[random.nextInt(ODD_OPS.length)];
  }

  private String sequenceValue() {
    int pick = random.nextInt(10);
    if (pick < 6) {
      return plainSequence();
    }
    if (pick == 6) {
      return "null";
    }
    return pick == 7
        ? deep(2 + random.nextInt(80))
        : ODD_SEQUENCES[random.nextInt(ODD_SEQUENCES.length)];
  }

  private String plainSequence() {
    long bound = new long[] {10, 1000, 1L << 31, 1L << 53, Long.MAX_VALUE}[random.nextInt(5)];
    return Long.toString(random.nextLong(bound));
  }

  private String typeValue() {
    int pick = random.nextInt(10);
    if (pick < 5) {
      return plainType();
    }
    if (pick == 5) {
      return "null";
    }
    if (pick == 6) {
      return string();
    }
    return ODD_TYPES[random.nextInt(ODD_TYPES.length)];
  }

  private String plainType() {
    return "\"" + NAMES[random.nextInt(NAMES.length)] + "\"";
  }

  /** A body: mostly objects and arrays, also null, scalars, deep, mismatched or unterminated. */
  private String dataValue() {
    return switch (random.nextInt(20)) {
      case 0 -> "null";
      case 1 -> jsonValue(0);
      case 2 -> deep(60 + random.nextInt(20)); // across the 64 levels whose brackets are matched
      case 3 -> deep(JsonBytes.MAX_DEPTH - 1 + random.nextInt(3)); // at Jackson's limit
      case 4 -> "{\"a\":[1}";
      case 5 -> "[{\"a\":1]]";
      case 6 -> "{\"a\":\"" + string();
      default -> random.nextBoolean() ? object(3) : array(3);
    };
  }

  private String deep(int depth) {
    return "[".repeat(depth) + (random.nextBoolean() ? "1" : "{\"k\":\"}]\"}") + "]".repeat(depth);
  }

  private String jsonValue(int depth) {
    int pick = random.nextInt(depth >= 3 ? 6 : 8);
    return switch (pick) {
      case 0 -> Long.toString(random.nextLong() >> random.nextInt(64));
      case 1 ->
          new String[] {"-0", "1.5e-3", "1E+2", "-0.0", "123456789012345678901234"}
              [random.nextInt(5)];
      case 2 -> string();
      case 3 -> new String[] {"true", "false", "null"}[random.nextInt(3)];
      case 4, 5 -> string();
      case 6 -> object(depth + 1);
      default -> array(depth + 1);
    };
  }

  private String object(int depth) {
    StringBuilder s = new StringBuilder("{").append(ws());
    for (int i = 0, n = random.nextInt(4); i < n; i++) {
      s.append(i > 0 ? "," : "").append(string()).append(ws()).append(':');
      s.append(jsonValue(depth)).append(ws());
    }
    return s.append('}').toString();
  }

  private String array(int depth) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0, n = random.nextInt(4); i < n; i++) {
      s.append(i > 0 ? "," : "").append(ws()).append(jsonValue(depth));
    }
    return s.append(']').toString();
  }

  private String string() {
    StringBuilder s = new StringBuilder("\"");
    for (int i = 0, n = random.nextInt(8); i < n; i++) {
      s.append(STRING_PIECES[random.nextInt(STRING_PIECES.length)]);
    }
    return s.append('"').toString();
  }

  private String ws() {
    return random.nextInt(4) == 0 ? WHITESPACE[random.nextInt(WHITESPACE.length)] : "";
  }
}
