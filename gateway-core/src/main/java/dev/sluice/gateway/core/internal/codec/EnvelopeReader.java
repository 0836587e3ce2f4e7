package dev.sluice.gateway.core.internal.codec;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.GatewayException.Kind;
import dev.sluice.gateway.core.internal.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads one gateway envelope. Messages shaped as Discord sends them take {@link EnvelopeScanner}'s
 * single-pass fast path; everything else (other keys, escapes, errors) comes here. The envelope's
 * keys and the scalars {@code op}, {@code s} and {@code t} are read with Jackson's streaming
 * parser; an object or array {@code d} is not tokenized at all but skipped by a structural byte
 * scan (brackets and strings only), which is what makes envelope-first decoding cheaper than
 * building a tree. The body is validated when it is bound to a typed event.
 *
 * <p>Used once per message by {@link GatewayCodec#decode}, on the connection's inbound thread.
 */
final class EnvelopeReader {

  private int op = -1;
  private boolean hasOp;
  private long sequence = GatewayPayload.NO_SEQUENCE;
  private String type;
  private RawJson data = RawJson.NULL;

  static GatewayPayload read(byte[] buffer, int offset, int length) {
    GatewayPayload scanned = EnvelopeScanner.scan(buffer, offset, length);
    return scanned != null ? scanned : readWithJackson(buffer, offset, length);
  }

  /** The slow path alone (also what the fast path is tested against). */
  static GatewayPayload readWithJackson(byte[] buffer, int offset, int length) {
    EnvelopeReader reader = new EnvelopeReader();
    reader.readObject(buffer, offset, length);
    if (!reader.hasOp) {
      throw GatewayException.of(Kind.DECODE, "gateway message without op");
    }
    return new GatewayPayload(reader.op, reader.sequence, reader.type, reader.data);
  }

  /** Reads the fields of the object in {@code buffer[offset, offset + length)}. */
  private void readObject(byte[] buffer, int offset, int length) {
    int limit = offset + length;
    int resumeAt = -1;
    try (JsonParser p = Json.parser(buffer, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw GatewayException.of(Kind.DECODE, "gateway message is not a json object");
      }
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("d") && value.isStructStart()) {
          int start = offset + (int) p.currentTokenLocation().getByteOffset();
          int end = EnvelopeScanner.skipStructure(buffer, start, limit);
          if (end < 0) {
            throw EnvelopeScanner.truncated();
          }
          data = RawJson.view(buffer, start, end - start);
          resumeAt = end;
          break;
        }
        readField(p, name, value, buffer, offset);
      }
      if (resumeAt < 0) {
        if (token != JsonToken.END_OBJECT) {
          throw GatewayException.of(Kind.DECODE, "truncated gateway message");
        }
        if (p.nextToken() != null) {
          throw GatewayException.of(Kind.DECODE, "trailing data after gateway message");
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
        if (value != JsonToken.VALUE_NUMBER_INT) {
          throw GatewayException.of(Kind.DECODE, "op is not an integer");
        }
        op = p.getIntValue();
        hasOp = true;
      }
      case "s" ->
          sequence =
              value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : GatewayPayload.NO_SEQUENCE;
      case "t" -> type = value == JsonToken.VALUE_STRING ? p.getString() : null;
      case "d" -> data = scalar(p, value, buffer, offset);
      default -> p.skipChildren();
    }
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
  /**
   * Checks what follows a body that was bounded rather than scanned (see {@link RawJson#bounded}):
   * the same rules as when the Jackson reader skips a body.
   */
  static void checkAfterData(byte[] buffer, int from, int limit) {
    new EnvelopeReader().readAfterData(buffer, from, limit);
  }

  private void readAfterData(byte[] buffer, int from, int limit) {
    int i = skipWhitespace(buffer, from, limit);
    if (i < limit && buffer[i] == '}') {
      if (skipWhitespace(buffer, i + 1, limit) != limit) {
        throw GatewayException.of(Kind.DECODE, "trailing data after gateway message");
      }
      return;
    }
    if (i >= limit || buffer[i] != ',') {
      throw GatewayException.of(Kind.DECODE, "malformed gateway message after d");
    }
    byte[] rest = new byte[limit - i];
    rest[0] = '{';
    System.arraycopy(buffer, i + 1, rest, 1, limit - i - 1);
    readObject(rest, 0, rest.length);
  }

  private static int skipWhitespace(byte[] buffer, int from, int limit) {
    int i = from;
    while (i < limit
        && (buffer[i] == ' ' || buffer[i] == '\n' || buffer[i] == '\r' || buffer[i] == '\t')) {
      i++;
    }
    return i;
  }
}
