package dev.sluice.gateway.core.internal.codec;

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
  // For a value measured when first read: the end of the envelope it is the last value of.
  private final int envelopeEnd;
  // The value's size, or -1 until a bounded value is first read (then measured; racing readers
  // measure the same thing).
  private int length;

  private RawJson(byte[] buffer, int offset, int length, int envelopeEnd) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    this.envelopeEnd = envelopeEnd;
  }

  private RawJson(byte[] buffer, int offset, int length) {
    this(buffer, offset, length, -1);
  }

  /** A view on {@code length} bytes of {@code buffer} from {@code offset}; not copied. */
  static RawJson view(byte[] buffer, int offset, int length) {
    return new RawJson(buffer, offset, length);
  }

  /**
   * The object or array starting at {@code offset}, the last value of the envelope that ends at
   * {@code envelopeEnd}: measured (and checked) only when first read, so that the fast path never
   * looks for its end. What follows it must complete the envelope as the Jackson reader requires
   * (further members, the closing brace), else reading the value fails with a DECODE error.
   */
  static RawJson bounded(byte[] buffer, int offset, int envelopeEnd) {
    return new RawJson(buffer, offset, -1, envelopeEnd);
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
    return length != 0 && buffer[offset] == '{';
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
    int end = JsonBytes.skipStructure(buffer, offset, envelopeEnd);
    if (end < 0) {
      throw JsonBytes.bodyError(end);
    }
    EnvelopeReader.checkAfterData(buffer, end, envelopeEnd);
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

  /**
   * The value parsed into a Jackson tree (costly; prefer typed events).
   *
   * @throws GatewayException of kind DECODE when it is not valid JSON (or nests too deep)
   */
  public JsonNode toTree() {
    try {
      return Json.MAPPER.readTree(buffer, offset, length());
    } catch (JacksonException e) {
      throw GatewayException.of(Kind.DECODE, "malformed json value", e);
    }
  }

  /** A streaming parser over the bytes; the caller closes it. */
  public JsonParser parser() {
    return Json.parser(buffer, offset, length());
  }

  /**
   * A parser to read the value through once: over the value when it is measured, else over the rest
   * of its envelope, the read then measuring it ({@link #readThrough}). The caller closes it.
   */
  JsonParser parserThrough() {
    int l = length;
    return Json.parser(buffer, offset, l >= 0 ? l : envelopeEnd - offset);
  }

  /**
   * Ends a read through {@link #parserThrough()} that left {@code parser} on the value's last
   * token: a value not yet measured is measured there, and what follows it is checked as {@link
   * #length()} checks it (the byte scan finds the same end for a value the parser read whole).
   *
   * @throws GatewayException of kind DECODE when what follows the value does not complete the
   *     envelope
   */
  void readThrough(JsonParser parser) {
    if (length < 0) {
      int end = offset + (int) parser.currentTokenLocation().getByteOffset() + 1;
      EnvelopeReader.checkAfterData(buffer, end, envelopeEnd);
      length = end - offset;
    }
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
