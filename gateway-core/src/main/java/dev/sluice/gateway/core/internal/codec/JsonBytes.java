package dev.sluice.gateway.core.internal.codec;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.GatewayException.Kind;
import dev.sluice.gateway.core.internal.Json;

/**
 * Byte-level JSON scanning shared by both envelope paths and by {@link RawJson}: whitespace,
 * literals, plain strings and the structural skip of a body (brackets and strings only, no
 * recursion, nesting bounded as Jackson bounds it). Stateless; called on whichever thread decodes.
 */
final class JsonBytes {

  /**
   * The deepest nesting a body may have: the limit Jackson's parser enforces when the body is bound
   * ({@code StreamReadConstraints.maxNestingDepth}, 500 by default), so that a body the envelope
   * accepts is never one that typed decoding must refuse for its depth.
   */
  static final int MAX_DEPTH =
      Json.MAPPER.tokenStreamFactory().streamReadConstraints().getMaxNestingDepth();

  /** {@link #skipStructure}: the value does not end before the limit. */
  static final int UNTERMINATED = -1;

  /** {@link #skipStructure}: the value nests deeper than {@link #MAX_DEPTH}. */
  static final int TOO_DEEP = -2;

  /** {@link #skipStructure}: a closing bracket does not match its opening one. */
  static final int MISMATCHED = -3;

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

  private JsonBytes() {}

  /**
   * The index just past the object or array starting at {@code start}, or {@link #UNTERMINATED},
   * {@link #TOO_DEEP} or {@link #MISMATCHED}. Only brackets and strings are looked at; UTF-8
   * continuation bytes are never ASCII, so a byte scan is exact. (Plain byte loops measured faster
   * here than eight-byte word tricks: gateway strings are short.)
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
          return UNTERMINATED;
        }
      } else if (kind == OPEN) {
        if (depth < 64) {
          arrays = b == '[' ? arrays | (1L << depth) : arrays & ~(1L << depth);
        }
        if (++depth > MAX_DEPTH) {
          return TOO_DEEP;
        }
      } else {
        depth--;
        if (depth < 64 && ((arrays >>> depth) & 1) != (b == ']' ? 1 : 0)) {
          return MISMATCHED;
        }
        if (depth == 0) {
          return i;
        }
      }
    }
    return UNTERMINATED;
  }

  /** The DECODE error for a failed {@link #skipStructure} of a message body. */
  static GatewayException bodyError(int code) {
    String why =
        switch (code) {
          case TOO_DEEP -> "nests deeper than " + MAX_DEPTH + " levels";
          case MISMATCHED -> "has mismatched brackets";
          default -> "does not end";
        };
    return GatewayException.of(Kind.DECODE, "malformed gateway message body: it " + why);
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

  /**
   * The index of the quote that closes the string whose content starts at {@code i}, or -1 when it
   * is not plain ASCII (an escape, a control character JSON forbids unescaped, a non-ASCII byte
   * whose UTF-8 the fast path does not check) or does not end: all left to the Jackson path.
   */
  static int plainStringEnd(byte[] buffer, int i, int limit) {
    for (; i < limit; i++) {
      byte b = buffer[i];
      if (b == '"') {
        return i;
      }
      if (b == '\\' || b < 0x20) { // bytes are signed: non-ASCII is negative
        return -1;
      }
    }
    return -1;
  }

  static boolean isNull(byte[] b, int i, int limit) {
    return i + 4 <= limit && b[i] == 'n' && b[i + 1] == 'u' && b[i + 2] == 'l' && b[i + 3] == 'l';
  }

  /** The index of the last byte before {@code limit} that is not whitespace, or -1 if none. */
  static int lastNonWhitespace(byte[] buffer, int from, int limit) {
    int i = limit - 1;
    while (i >= from) {
      if (!isWhitespace(buffer[i])) {
        return i;
      }
      i--;
    }
    return -1;
  }

  static int skipWhitespace(byte[] buffer, int from, int limit) {
    int i = from;
    while (i < limit && isWhitespace(buffer[i])) {
      i++;
    }
    return i;
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }
}
