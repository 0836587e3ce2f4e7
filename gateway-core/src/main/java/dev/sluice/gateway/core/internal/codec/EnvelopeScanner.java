package dev.sluice.gateway.core.internal.codec;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.GatewayException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast path of envelope decoding: a single forward scan over the bytes of a message shaped the
 * way Discord sends them, an object of {@code t}, {@code s}, {@code op} and {@code d} in any order,
 * plain keys, no escapes in {@code t}. When {@code op}, {@code s} and {@code t} come first (as they
 * do from Discord), the body is not scanned at all: it runs to the envelope's closing brace and is
 * measured and checked when first read ({@link RawJson#bounded}). Otherwise the body is skipped
 * structurally (brackets and strings). Anything else (an unknown key, an escaped key, a malformed
 * or truncated message) makes {@link #scan} return null, and {@link EnvelopeReader} reads the
 * message with Jackson, which accepts every valid envelope and names what is wrong with an invalid
 * one.
 */
final class EnvelopeScanner {

  /** Event type names, kept so that decoding a known type allocates no string. */
  private static final TypeName[] TYPES = new TypeName[512];

  private static final int PROBES = 4;

  private EnvelopeScanner() {}

  /** The envelope in {@code buffer[offset, offset + length)}, or null to take the slow path. */
  static GatewayPayload scan(byte[] buffer, int offset, int length) {
    GatewayPayload compact = compact(buffer, offset, offset + length);
    return compact != null ? compact : general(buffer, offset, offset + length);
  }

  private static final byte[] TYPE_KEY = ascii("{\"t\":");
  private static final byte[] SEQUENCE_KEY = ascii(",\"s\":");
  private static final byte[] OPCODE_KEY = ascii(",\"op\":");
  private static final byte[] DATA_KEY = ascii(",\"d\":");

  /**
   * Exactly what Discord sends: compact JSON, {@code {"t":…,"s":…,"op":…,"d":{…}}}, the body an
   * object or array and last. Literal key checks, no whitespace handling; anything else (a space,
   * another order, a null or scalar body) returns null for the general scan.
   */
  private static GatewayPayload compact(byte[] buffer, int offset, int limit) {
    int i = offset;
    if (limit - i < 26 || !at(buffer, i, TYPE_KEY)) {
      return null;
    }
    i += TYPE_KEY.length;
    String type = null;
    if (buffer[i] == '"') {
      int start = i + 1;
      int end = plainStringEnd(buffer, start, limit);
      if (end < 0) {
        return null;
      }
      type = typeName(buffer, start, end - start);
      i = end + 1;
    } else if (isNull(buffer, i, limit)) {
      i += 4;
    } else {
      return null;
    }
    if (i + SEQUENCE_KEY.length > limit || !at(buffer, i, SEQUENCE_KEY)) {
      return null;
    }
    i += SEQUENCE_KEY.length;
    long sequence = GatewayPayload.NO_SEQUENCE;
    if (isNull(buffer, i, limit)) {
      i += 4;
    } else {
      int start = i;
      long value = 0;
      while (i < limit && buffer[i] >= '0' && buffer[i] <= '9' && i - start < 18) {
        value = value * 10 + (buffer[i++] - '0');
      }
      if (i == start || (buffer[start] == '0' && i - start > 1)) {
        return null;
      }
      sequence = value;
    }
    if (i + OPCODE_KEY.length > limit || !at(buffer, i, OPCODE_KEY)) {
      return null;
    }
    i += OPCODE_KEY.length;
    int start = i;
    int op = 0;
    while (i < limit && buffer[i] >= '0' && buffer[i] <= '9' && i - start < 9) {
      op = op * 10 + (buffer[i++] - '0');
    }
    if (i == start
        || (buffer[start] == '0' && i - start > 1)
        || i + DATA_KEY.length + 3 > limit
        || !at(buffer, i, DATA_KEY)) {
      return null;
    }
    i += DATA_KEY.length;
    byte open = buffer[i];
    byte close = open == '{' ? (byte) '}' : open == '[' ? (byte) ']' : 0;
    if (close == 0 || buffer[limit - 1] != '}' || buffer[limit - 2] != close) {
      return null;
    }
    // The body is bounded by the envelope's closing brace and measured when first read.
    return new GatewayPayload(op, sequence, type, RawJson.bounded(buffer, i, limit));
  }

  private static boolean at(byte[] buffer, int i, byte[] literal) {
    for (int k = 0; k < literal.length; k++) {
      if (buffer[i + k] != literal[k]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Any order and spacing of the four keys; see the class comment. */
  private static GatewayPayload general(byte[] buffer, int offset, int limit) {
    int i = skipWhitespace(buffer, offset, limit);
    if (i >= limit || buffer[i] != '{') {
      return null;
    }
    int op = -1;
    boolean sawSequence = false;
    boolean sawType = false;
    long sequence = GatewayPayload.NO_SEQUENCE;
    String type = null;
    RawJson data = RawJson.NULL;
    i = skipWhitespace(buffer, i + 1, limit);
    if (i < limit && buffer[i] == '}') {
      return null; // no op: the slow path reports it
    }
    while (true) {
      // key: a single letter or "op"
      if (i + 3 >= limit || buffer[i] != '"') {
        return null;
      }
      byte k = buffer[i + 1];
      int keyEnd;
      if (buffer[i + 2] == '"') {
        keyEnd = i + 3;
      } else if (k == 'o' && buffer[i + 2] == 'p' && buffer[i + 3] == '"') {
        keyEnd = i + 4;
        k = 'O';
      } else {
        return null;
      }
      i = skipWhitespace(buffer, keyEnd, limit);
      if (i >= limit || buffer[i] != ':') {
        return null;
      }
      i = skipWhitespace(buffer, i + 1, limit);
      if (i >= limit) {
        return null;
      }
      switch (k) {
        case 'O' -> {
          long value = 0;
          int start = i;
          while (i < limit && buffer[i] >= '0' && buffer[i] <= '9' && i - start < 9) {
            value = value * 10 + (buffer[i++] - '0');
          }
          if (i == start || (buffer[start] == '0' && i - start > 1)) {
            return null;
          }
          op = (int) value;
        }
        case 's' -> {
          sawSequence = true;
          if (isNull(buffer, i, limit)) {
            i += 4;
          } else {
            long value = 0;
            int start = i;
            while (i < limit && buffer[i] >= '0' && buffer[i] <= '9' && i - start < 18) {
              value = value * 10 + (buffer[i++] - '0');
            }
            if (i == start || (buffer[start] == '0' && i - start > 1)) {
              return null;
            }
            sequence = value;
          }
        }
        case 't' -> {
          sawType = true;
          if (isNull(buffer, i, limit)) {
            i += 4;
          } else if (buffer[i] == '"') {
            int start = i + 1;
            int end = plainStringEnd(buffer, start, limit);
            if (end < 0) {
              return null;
            }
            type = typeName(buffer, start, end - start);
            i = end + 1;
          } else {
            return null;
          }
        }
        case 'd' -> {
          int start = i;
          if (op >= 0 && sawSequence && sawType && (buffer[i] == '{' || buffer[i] == '[')) {
            // Discord's order: everything the envelope needs came first and the body runs to the
            // end. It is bounded by the envelope's closing brace and measured when first read.
            int end = lastNonWhitespace(buffer, i, limit);
            int close = end < 0 ? -1 : lastNonWhitespace(buffer, i, end);
            if (end >= 0
                && buffer[end] == '}'
                && close > i
                && buffer[close] == (buffer[i] == '{' ? '}' : ']')) {
              return new GatewayPayload(op, sequence, type, RawJson.bounded(buffer, start, limit));
            }
          }
          if (buffer[i] == '{' || buffer[i] == '[') {
            i = skipStructure(buffer, i, limit);
            if (i < 0) {
              return null;
            }
            data = RawJson.view(buffer, start, i - start);
          } else if (isNull(buffer, i, limit)) {
            i += 4;
            data = RawJson.NULL;
          } else {
            return null; // a scalar body (op 1, 9): rare, and Jackson checks it properly
          }
        }
        default -> {
          return null;
        }
      }
      i = skipWhitespace(buffer, i, limit);
      if (i >= limit) {
        return null;
      }
      if (buffer[i] == ',') {
        i = skipWhitespace(buffer, i + 1, limit);
        continue;
      }
      if (buffer[i] != '}' || skipWhitespace(buffer, i + 1, limit) != limit || op < 0) {
        return null;
      }
      return new GatewayPayload(op, sequence, type, data);
    }
  }

  /**
   * The index of the quote that closes the string whose content starts at {@code i}, or -1 when it
   * holds an escape or does not end (both left to the slow path).
   */
  private static int plainStringEnd(byte[] buffer, int i, int limit) {
    for (; i < limit; i++) {
      byte b = buffer[i];
      if (b == '"') {
        return i;
      }
      if (b == '\\') {
        return -1;
      }
    }
    return -1;
  }

  private static boolean isNull(byte[] b, int i, int limit) {
    return i + 4 <= limit && b[i] == 'n' && b[i + 1] == 'u' && b[i + 2] == 'l' && b[i + 3] == 'l';
  }

  /** What a byte means outside strings: nothing, a quote, an opening or a closing bracket. */
  private static final byte[] CLASS = new byte[256];

  private static final byte QUOTE = 1;
  private static final byte OPEN = 2;
  private static final byte CLOSE = 3;

  static {
    CLASS['"'] = QUOTE;
    CLASS['{'] = OPEN;
    CLASS['['] = OPEN;
    CLASS['}'] = CLOSE;
    CLASS[']'] = CLOSE;
  }

  /**
   * The index just past the object or array starting at {@code start}, or -1 when it does not end
   * within {@code limit}. Only brackets and strings are looked at; UTF-8 continuation bytes are
   * never ASCII, so a byte scan is exact. (Plain byte loops measured faster here than eight-byte
   * word tricks: gateway strings are short.)
   */
  static int skipStructure(byte[] buffer, int start, int limit) {
    int depth = 0;
    // Bit d: the bracket open at depth d is '['. Closing brackets must match their opening kind
    // (checked for the outer 64 levels; deeper ones are left to the parser that reads the value).
    long arrays = 0;
    int i = start;
    while (i < limit) {
      byte b = buffer[i++];
      byte kind = CLASS[b & 0xFF];
      if (kind == 0) {
        continue;
      }
      if (kind == QUOTE) {
        i = skipString(buffer, i, limit);
        if (i < 0) {
          return -1;
        }
      } else if (kind == OPEN) {
        if (depth < 64) {
          arrays = b == '[' ? arrays | (1L << depth) : arrays & ~(1L << depth);
        }
        depth++;
      } else {
        depth--;
        if (depth < 64 && ((arrays >>> depth) & 1) != (b == ']' ? 1 : 0)) {
          return -1;
        }
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * The index just past the closing quote of the string whose content starts at {@code i}, or -1.
   */
  static int skipString(byte[] buffer, int i, int limit) {
    while (i < limit) {
      byte c = buffer[i++];
      if (c == '"') {
        return i;
      }
      if (c == '\\') {
        i++;
      }
    }
    return -1;
  }

  /** The index of the last byte before {@code limit} that is not whitespace, or -1 if none. */
  private static int lastNonWhitespace(byte[] buffer, int from, int limit) {
    int i = limit - 1;
    while (i >= from) {
      byte b = buffer[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return i;
      }
      i--;
    }
    return -1;
  }

  private static int skipWhitespace(byte[] buffer, int from, int limit) {
    int i = from;
    while (i < limit) {
      byte b = buffer[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        break;
      }
      i++;
    }
    return i;
  }

  /**
   * The name in {@code buffer[start, start + length)}: from the cache when it holds it, else made
   * and, when there is room, cached. The slot comes from the length and four of the bytes (cheap;
   * names alike, such as MESSAGE_CREATE and MESSAGE_UPDATE, may share it), and the cache is
   * open-addressed over {@link #PROBES} slots and only ever filled, never evicted, so that such
   * names never keep replacing one another. It holds at most {@code TYPES.length} names of at most
   * 64 bytes.
   */
  private static String typeName(byte[] buffer, int start, int length) {
    if (length == 0) {
      return "";
    }
    int end = start + length;
    int mixed =
        length * 31
            + buffer[start] * 7
            + buffer[start + length / 2] * 3
            + buffer[end - 1]
            + buffer[start + length * 3 / 4] * 11;
    mixed ^= mixed >>> 5;
    for (int probe = 0; probe < PROBES; probe++) {
      int slot = (mixed + probe) & (TYPES.length - 1);
      TypeName cached = TYPES[slot];
      if (cached == null) {
        String name = new String(buffer, start, length, StandardCharsets.UTF_8);
        if (length <= 64) {
          // A benign race: a reader sees a complete entry (final fields) or none; an entry lost
          // to a concurrent insert is made again next time.
          TYPES[slot] = new TypeName(Arrays.copyOfRange(buffer, start, end), name);
        }
        return name;
      }
      if (Arrays.equals(cached.bytes, 0, cached.bytes.length, buffer, start, end)) {
        return cached.name;
      }
    }
    return new String(buffer, start, length, StandardCharsets.UTF_8); // crowded here: not kept
  }

  /** A cached event type name with its bytes. */
  private record TypeName(byte[] bytes, String name) {}

  static GatewayException truncated() {
    return GatewayException.of(Kind.DECODE, "truncated gateway message");
  }
}
