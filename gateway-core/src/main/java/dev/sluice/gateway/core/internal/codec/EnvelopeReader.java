package dev.sluice.gateway.core.internal.codec;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.GatewayException.Kind;
import dev.sluice.gateway.core.internal.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonParser.NumberType;
import tools.jackson.core.JsonToken;

/**
 * Reads one gateway envelope. Messages shaped as Discord sends them take {@link EnvelopeScanner}'s
 * single-pass fast path; everything else (other keys, escapes, errors) comes here. The envelope's
 * keys and the scalars {@code op}, {@code s} and {@code t} are read with Jackson's streaming
 * parser; an object or array {@code d} is not tokenized at all but skipped by a structural byte
 * scan ({@link JsonBytes#skipStructure}: brackets and strings only, nesting bounded), which is what
 * makes envelope-first decoding cheaper than building a tree. The body is validated when it is
 * bound to a typed event.
 *
 * <p>The rules, the same on both paths: {@code op} is an integer that fits an int; {@code s} is
 * null or a non-negative integer that fits a long; {@code t} is null or a string; each of {@code
 * op}, {@code s}, {@code t} and {@code d} appears at most once; anything else is a DECODE error
 * saying which. Absent and null {@code s}, {@code t} and {@code d} are the same; other keys are
 * skipped.
 *
 * <p>Used once per message by {@link GatewayCodec#decode}, on the connection's inbound thread.
 */
final class EnvelopeReader {

  private static final int OP = 1;
  private static final int SEQUENCE = 2;
  private static final int TYPE = 4;
  private static final int DATA = 8;

  private int seen;
  private int op = -1;
  private long sequence = GatewayPayload.NO_SEQUENCE;
  private String type;
  private RawJson data = RawJson.NULL;

  private EnvelopeReader(int seen) {
    this.seen = seen;
  }

  static GatewayPayload read(byte[] buffer, int offset, int length) {
    GatewayPayload scanned = EnvelopeScanner.scan(buffer, offset, length);
    return scanned != null ? scanned : readWithJackson(buffer, offset, length);
  }

  /** The slow path alone (also what the fast path is tested against). */
  static GatewayPayload readWithJackson(byte[] buffer, int offset, int length) {
    EnvelopeReader reader = new EnvelopeReader(0);
    reader.readObject(buffer, offset, length);
    if ((reader.seen & OP) == 0) {
      throw GatewayException.of(Kind.DECODE, "gateway message without op");
    }
    return new GatewayPayload(reader.op, reader.sequence, reader.type, reader.data);
  }

  /**
   * Checks what follows a body that was bounded rather than scanned (see {@link RawJson#bounded}),
   * by the same rules as when this reader skips a body: the fast path bounds a body only once it
   * has seen all four keys, so any of them again is a repeat.
   */
  static void checkAfterData(byte[] buffer, int from, int limit) {
    new EnvelopeReader(OP | SEQUENCE | TYPE | DATA).readAfterData(buffer, from, limit);
  }

  /** Reads the fields of the object in {@code buffer[offset, offset + length)}. */
  private void readObject(byte[] buffer, int offset, int length) {
    int limit = offset + length;
    int resumeAt = -1;
    try (JsonParser p = Json.parser(buffer, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw decode("gateway message is not a json object");
      }
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("d") && value.isStructStart()) {
          see(DATA, name);
          int start = offset + (int) p.currentTokenLocation().getByteOffset();
          int end = JsonBytes.skipStructure(buffer, start, limit);
          if (end < 0) {
            throw JsonBytes.bodyError(end);
          }
          data = RawJson.view(buffer, start, end - start);
          resumeAt = end;
          break;
        }
        readField(p, name, value, buffer, offset);
      }
      if (resumeAt < 0) {
        if (token != JsonToken.END_OBJECT) {
          throw decode("truncated gateway message");
        }
        if (p.nextToken() != null) {
          throw decode("trailing data after gateway message");
        }
      }
    } catch (JacksonException e) {
      throw GatewayException.of(Kind.DECODE, "malformed gateway message", e);
    }
    if (resumeAt >= 0) {
      readAfterData(buffer, resumeAt, limit);
    }
  }

  private void readField(JsonParser p, String name, JsonToken value, byte[] buffer, int offset) {
    switch (name) {
      case "op" -> {
        see(OP, name);
        if (value != JsonToken.VALUE_NUMBER_INT) {
          throw decode("op is not an integer");
        }
        if (p.getNumberType() != NumberType.INT) {
          throw decode("op is out of range");
        }
        op = p.getIntValue();
      }
      case "s" -> {
        see(SEQUENCE, name);
        sequence = value == JsonToken.VALUE_NULL ? GatewayPayload.NO_SEQUENCE : sequence(p, value);
      }
      case "t" -> {
        see(TYPE, name);
        if (value != JsonToken.VALUE_NULL && value != JsonToken.VALUE_STRING) {
          throw decode("t is not a string or null");
        }
        type = value == JsonToken.VALUE_STRING ? p.getString() : null;
      }
      case "d" -> {
        see(DATA, name);
        data = scalar(p, value, buffer, offset);
      }
      default -> p.skipChildren();
    }
  }

  private static long sequence(JsonParser p, JsonToken value) {
    if (value != JsonToken.VALUE_NUMBER_INT) {
      throw decode("s is not an integer or null");
    }
    NumberType kind = p.getNumberType();
    if (kind != NumberType.INT && kind != NumberType.LONG) {
      throw decode("s is out of range");
    }
    long s = p.getLongValue();
    if (s < 0) {
      throw decode("s is negative");
    }
    return s;
  }

  /** Marks an envelope key as read; a key read twice is ambiguous, so an error. */
  private void see(int key, String name) {
    if ((seen & key) != 0) {
      throw decode("duplicate " + name + " in gateway message");
    }
    seen |= key;
  }

  private static RawJson scalar(JsonParser p, JsonToken value, byte[] buffer, int offset) {
    if (value == JsonToken.VALUE_NULL) {
      return RawJson.NULL;
    }
    int start = offset + (int) p.currentTokenLocation().getByteOffset();
    p.finishToken();
    int end = offset + (int) p.currentLocation().getByteOffset();
    return RawJson.view(buffer, start, end - start);
  }

  /**
   * Continues after a skipped {@code d}: either the envelope ends, or more keys follow, which are
   * read from a small copy of the rest (the gateway puts {@code d} last, so this is rare).
   */
  private void readAfterData(byte[] buffer, int from, int limit) {
    int i = JsonBytes.skipWhitespace(buffer, from, limit);
    if (i < limit && buffer[i] == '}') {
      if (JsonBytes.skipWhitespace(buffer, i + 1, limit) != limit) {
        throw decode("trailing data after gateway message");
      }
      return;
    }
    int key = i < limit && buffer[i] == ',' ? JsonBytes.skipWhitespace(buffer, i + 1, limit) : -1;
    if (key < 0 || key >= limit || buffer[key] != '"') {
      throw decode("malformed gateway message after d"); // neither '}' nor ',' and a key
    }
    byte[] rest = new byte[limit - i];
    rest[0] = '{';
    System.arraycopy(buffer, i + 1, rest, 1, limit - i - 1);
    readObject(rest, 0, rest.length);
  }

  private static GatewayException decode(String message) {
    return GatewayException.of(Kind.DECODE, message);
  }
}
