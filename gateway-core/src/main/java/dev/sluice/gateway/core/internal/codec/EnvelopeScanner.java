package dev.sluice.gateway.core.internal.codec;

/**
 * The fast path of envelope decoding: a single forward scan over the bytes of a message shaped the
 * way Discord sends them, an object of {@code t}, {@code s}, {@code op} and {@code d} in any order,
 * each at most once, plain keys, no escapes in {@code t}. Exactly Discord's compact shape is
 * matched literally by {@link CompactEnvelope}; other orders and spacing are scanned here. When
 * {@code op}, {@code s} and {@code t} come before the body, the body is not scanned: it runs to the
 * envelope's closing brace and is measured and checked when first read ({@link RawJson#bounded}).
 * Otherwise the body is skipped structurally ({@link JsonBytes#skipStructure}). Anything else (an
 * unknown, escaped or repeated key, a wrongly typed value, a malformed or truncated message) makes
 * {@link #scan} return null, and {@link EnvelopeReader} reads the message with Jackson, which
 * accepts every valid envelope and names what is wrong with an invalid one. Stateless; called on
 * the decoding thread.
 */
final class EnvelopeScanner {

  private static final int OP = 1;
  private static final int SEQUENCE = 2;
  private static final int TYPE = 4;
  private static final int DATA = 8;
  private static final int ALL = OP | SEQUENCE | TYPE | DATA;

  private EnvelopeScanner() {}

  /** The envelope in {@code buffer[offset, offset + length)}, or null to take the slow path. */
  static GatewayPayload scan(byte[] buffer, int offset, int length) {
    int limit = offset + length;
    GatewayPayload compact = CompactEnvelope.scan(buffer, offset, limit);
    return compact != null ? compact : general(buffer, offset, limit);
  }

  /** Any order and spacing of the four keys; see the class comment. */
  private static GatewayPayload general(byte[] buffer, int offset, int limit) {
    int i = JsonBytes.skipWhitespace(buffer, offset, limit);
    if (i >= limit || buffer[i] != '{') {
      return null;
    }
    int seen = 0;
    int op = -1;
    long sequence = GatewayPayload.NO_SEQUENCE;
    String type = null;
    RawJson data = RawJson.NULL;
    i = JsonBytes.skipWhitespace(buffer, i + 1, limit);
    while (true) {
      int key = key(buffer, i, limit);
      if (key == 0 || (seen & key) != 0) {
        return null; // no key, an unknown or escaped one, or one repeated: Jackson decides
      }
      seen |= key;
      i = valueStart(buffer, i + (key == OP ? 4 : 3), limit);
      if (i < 0) {
        return null;
      }
      int end;
      switch (key) {
        case OP -> {
          end = digitsEnd(buffer, i, limit, 9);
          op = end < 0 ? -1 : (int) digits(buffer, i, end);
        }
        case SEQUENCE -> {
          end = JsonBytes.isNull(buffer, i, limit) ? i + 4 : digitsEnd(buffer, i, limit, 18);
          sequence = end < 0 || buffer[i] == 'n' ? sequence : digits(buffer, i, end);
        }
        case TYPE -> {
          if (JsonBytes.isNull(buffer, i, limit)) {
            end = i + 4;
          } else {
            int close = buffer[i] == '"' ? JsonBytes.plainStringEnd(buffer, i + 1, limit) : -1;
            type = close < 0 ? null : TypeNames.name(buffer, i + 1, close - i - 1);
            end = close < 0 ? -1 : close + 1;
          }
        }
        default -> {
          if (seen == ALL && bodyRunsToEnd(buffer, i, limit)) {
            // Discord's order: everything the envelope needs came first and the body runs to the
            // end. It is bounded by the envelope's closing brace and measured when first read.
            return new GatewayPayload(op, sequence, type, RawJson.bounded(buffer, i, limit));
          }
          end = dataEnd(buffer, i, limit);
          data = end < 0 ? data : RawJson.view(buffer, i, end - i);
        }
      }
      if (end < 0) {
        return null;
      }
      i = JsonBytes.skipWhitespace(buffer, end, limit);
      if (i < limit && buffer[i] == ',') {
        i = JsonBytes.skipWhitespace(buffer, i + 1, limit);
        continue;
      }
      if (i >= limit
          || buffer[i] != '}'
          || JsonBytes.skipWhitespace(buffer, i + 1, limit) != limit
          || (seen & OP) == 0) {
        return null;
      }
      return new GatewayPayload(op, sequence, type, data);
    }
  }

  /**
   * Which envelope key starts at {@code i}, or 0 for none of them (or one spelled with escapes).
   */
  private static int key(byte[] buffer, int i, int limit) {
    if (i + 3 >= limit || buffer[i] != '"') {
      return 0;
    }
    byte k = buffer[i + 1];
    if (buffer[i + 2] == '"') {
      return k == 's' ? SEQUENCE : k == 't' ? TYPE : k == 'd' ? DATA : 0;
    }
    return k == 'o' && buffer[i + 2] == 'p' && buffer[i + 3] == '"' ? OP : 0;
  }

  /** The index of the value after the key ending at {@code keyEnd} and its colon, or -1. */
  private static int valueStart(byte[] buffer, int keyEnd, int limit) {
    int i = JsonBytes.skipWhitespace(buffer, keyEnd, limit);
    if (i >= limit || buffer[i] != ':') {
      return -1;
    }
    i = JsonBytes.skipWhitespace(buffer, i + 1, limit);
    return i < limit ? i : -1;
  }

  /**
   * The end of the plain non-negative integer of at most {@code max} digits at {@code i}, or -1
   * (none, or a leading zero, which JSON forbids). A longer number is cut here and then fails the
   * check for what follows a value.
   */
  private static int digitsEnd(byte[] buffer, int i, int limit, int max) {
    int start = i;
    while (i < limit && buffer[i] >= '0' && buffer[i] <= '9' && i - start < max) {
      i++;
    }
    return i == start || (buffer[start] == '0' && i - start > 1) ? -1 : i;
  }

  private static long digits(byte[] buffer, int start, int end) {
    long value = 0;
    for (int i = start; i < end; i++) {
      value = value * 10 + (buffer[i] - '0');
    }
    return value;
  }

  /** The end of a structured or null body at {@code i}, or -1 (a scalar body is Jackson's). */
  private static int dataEnd(byte[] buffer, int i, int limit) {
    if (buffer[i] == '{' || buffer[i] == '[') {
      int end = JsonBytes.skipStructure(buffer, i, limit);
      return end < 0 ? -1 : end;
    }
    return JsonBytes.isNull(buffer, i, limit) ? i + 4 : -1;
  }

  /**
   * Whether the object or array at {@code i} plausibly runs to the envelope's end: the envelope
   * ends with '}' and the byte before it closes what {@code i} opens. Checked for real when read.
   */
  private static boolean bodyRunsToEnd(byte[] buffer, int i, int limit) {
    byte open = buffer[i];
    if (open != '{' && open != '[') {
      return false;
    }
    int end = JsonBytes.lastNonWhitespace(buffer, i, limit);
    int close = end < 0 ? -1 : JsonBytes.lastNonWhitespace(buffer, i, end);
    return end >= 0
        && buffer[end] == '}'
        && close > i
        && buffer[close] == (open == '{' ? '}' : ']');
  }
}
