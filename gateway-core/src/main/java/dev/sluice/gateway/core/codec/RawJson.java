package dev.sluice.gateway.core.codec;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.GatewayException.Kind;
import dev.sluice.gateway.core.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;

/**
 * A JSON value kept as the bytes it arrived in, never parsed into a tree unless asked. It is a view
 * on the received message: no copy is made until {@link #toBytes()} or {@link #asString()}.
 *
 * <p>Immutable: Sluice never writes to the array it views, and neither may callers.
 */
public final class RawJson {

  /** The JSON literal {@code null}, also used for a missing value. */
  public static final RawJson NULL = of("null");

  private final byte[] buffer;
  private final int offset;
  private final int bound;
  // The value's size, or -1 until a bounded value is first read (then measured; racing readers
  // measure the same thing).
  private int length;

  private RawJson(byte[] buffer, int offset, int length, int bound) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    this.bound = bound;
  }

  private RawJson(byte[] buffer, int offset, int length) {
    this(buffer, offset, length, length);
  }

  /**
   * An object or array starting at {@code offset} and ending at or before {@code offset + bound},
   * measured (and checked) only when first read: the last value of an envelope, whose end the fast
   * path does not look for. Anything between its real end and the bound must be further members of
   * the envelope ({@code ,"key":value}), else reading it fails with a DECODE error.
   */
  static RawJson bounded(byte[] buffer, int offset, int bound) {
    return new RawJson(buffer, offset, -1, bound);
  }

  /** A view on {@code length} bytes of {@code buffer} from {@code offset}; not copied. */
  static RawJson view(byte[] buffer, int offset, int length) {
    return new RawJson(buffer, offset, length);
  }

  /** A raw value from JSON text (not validated). */
  public static RawJson of(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return new RawJson(bytes, 0, bytes.length);
  }

  /** Whether this is the JSON literal {@code null}. */
  public boolean isNull() {
    return length() == 4
        && buffer[offset] == 'n'
        && buffer[offset + 1] == 'u'
        && buffer[offset + 2] == 'l'
        && buffer[offset + 3] == 'l';
  }

  /** Whether this is a JSON object. */
  public boolean isObject() {
    return bound > 0 && buffer[offset] == '{';
  }

  /**
   * The size in bytes.
   *
   * @throws dev.sluice.gateway.core.GatewayException of kind DECODE when a value received as the
   *     body of a message turns out to be malformed
   */
  public int length() {
    int l = length;
    if (l < 0) {
      l = measure();
      length = l;
    }
    return l;
  }

  private int measure() {
    int end = EnvelopeScanner.skipStructure(buffer, offset, offset + bound);
    if (end < 0) {
      throw GatewayException.of(Kind.DECODE, "malformed message body: it does not end");
    }
    if (end < offset + bound) {
      // More envelope members follow the body: they must be well-formed JSON members.
      byte[] rest = new byte[offset + bound - end + 1];
      System.arraycopy(buffer, end, rest, 0, rest.length - 1);
      rest[rest.length - 1] = '}';
      int comma = 0;
      while (comma < rest.length && rest[comma] != ',') {
        if (rest[comma] != ' '
            && rest[comma] != '\n'
            && rest[comma] != '\r'
            && rest[comma] != '\t') {
          throw GatewayException.of(Kind.DECODE, "malformed message: data after the body");
        }
        comma++;
      }
      if (comma == rest.length) {
        throw GatewayException.of(Kind.DECODE, "malformed message: data after the body");
      }
      rest[comma] = '{';
      try {
        Json.MAPPER.readTree(rest, comma, rest.length - comma);
      } catch (JacksonException e) {
        throw GatewayException.of(Kind.DECODE, "malformed message after the body", e);
      }
    }
    return end - offset;
  }

  /** A copy of the bytes. */
  public byte[] toBytes() {
    return Arrays.copyOfRange(buffer, offset, offset + length());
  }

  /** The JSON text. */
  @JsonValue
  public String asString() {
    return new String(buffer, offset, length(), StandardCharsets.UTF_8);
  }

  /** The value parsed into a Jackson tree (costly; prefer typed events). */
  public JsonNode toTree() {
    return Json.MAPPER.readTree(buffer, offset, length());
  }

  /** A streaming parser over the bytes; the caller closes it. */
  public JsonParser parser() {
    return Json.parser(buffer, offset, length());
  }

  byte[] buffer() {
    return buffer;
  }

  int offset() {
    return offset;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawJson other
        && Arrays.equals(
            buffer,
            offset,
            offset + length(),
            other.buffer,
            other.offset,
            other.offset + other.length());
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = offset, end = offset + length(); i < end; i++) {
      h = 31 * h + buffer[i];
    }
    return h;
  }

  @Override
  public String toString() {
    int l;
    try {
      l = length();
    } catch (GatewayException e) {
      return "<malformed: " + e.getMessage() + ">";
    }
    return l > 256 ? asString().substring(0, 256) + "…(" + l + " bytes)" : asString();
  }
}
