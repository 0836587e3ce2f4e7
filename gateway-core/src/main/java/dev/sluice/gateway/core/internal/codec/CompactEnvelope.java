package dev.sluice.gateway.core.internal.codec;

import java.nio.charset.StandardCharsets;

/**
 * The literal fast path of {@link EnvelopeScanner}: exactly what Discord sends, compact JSON {@code
 * {"t":…,"s":…,"op":…,"d":{…}}} with the body an object or array and last. Literal key checks, no
 * whitespace handling, and the body is not scanned at all: it runs to the envelope's closing brace
 * and is measured and checked when first read ({@link RawJson#bounded}). Anything else (a space,
 * another order, a null or scalar body) returns null for the general scan. Stateless; called on the
 * decoding thread.
 */
final class CompactEnvelope {

  private static final byte[] TYPE_KEY = ascii("{\"t\":");
  private static final byte[] SEQUENCE_KEY = ascii(",\"s\":");
  private static final byte[] OPCODE_KEY = ascii(",\"op\":");
  private static final byte[] DATA_KEY = ascii(",\"d\":");

  /**
   * Below the shortest message of this shape ({@code {"t":"","s":0,"op":0,"d":{}}}, 28 bytes), so
   * that the first literal reads stay in range.
   */
  private static final int SHORTEST = 26;

  private CompactEnvelope() {}

  /** The envelope in {@code buffer[offset, limit)} if it has Discord's exact shape, else null. */
  static GatewayPayload scan(byte[] buffer, int offset, int limit) {
    int i = offset;
    if (limit - i < SHORTEST || !at(buffer, i, TYPE_KEY)) {
      return null;
    }
    i += TYPE_KEY.length;
    String type = null;
    if (buffer[i] == '"') {
      int start = i + 1;
      int end = JsonBytes.plainStringEnd(buffer, start, limit);
      if (end < 0) {
        return null;
      }
      type = TypeNames.name(buffer, start, end - start);
      i = end + 1;
    } else if (JsonBytes.isNull(buffer, i, limit)) {
      i += 4;
    } else {
      return null;
    }
    if (i + SEQUENCE_KEY.length > limit || !at(buffer, i, SEQUENCE_KEY)) {
      return null;
    }
    i += SEQUENCE_KEY.length;
    long sequence = GatewayPayload.NO_SEQUENCE;
    if (JsonBytes.isNull(buffer, i, limit)) {
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
}
