package dev.sluice.gateway.core.internal.compression;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.GatewayException.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * {@code zlib-stream}: one {@link Inflater} for the whole connection, never reset between messages
 * (GATEWAY.md 9.3). Received bytes are buffered until they end with the Z_SYNC_FLUSH suffix {@code
 * 00 00 FF FF}; then the buffer is inflated through the shared context. Both the buffered input and
 * the inflated output are bounded by the maximum message size.
 */
final class ZlibStreamDecompressor implements TransportDecompressor {

  private static final int INITIAL_OUTPUT = 8 * 1024;

  /** Buffers larger than this are dropped after each message, so idle connections stay small. */
  private static final int RETAINED_BUFFER = 64 * 1024;

  private final int maxMessageBytes;
  private final Inflater inflater = new Inflater();
  private byte[] pending = new byte[0];
  private int pendingLength;
  private byte[] output = new byte[0];
  private boolean broken;
  private boolean closed;

  ZlibStreamDecompressor(int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  public byte[] decompress(ByteBuffer message) {
    if (closed || broken) {
      throw GatewayException.of(Kind.COMPRESSION, "zlib context is closed after an earlier error");
    }
    if (pendingLength == 0 && endsWithFlush(message)) {
      inflater.setInput(message);
      return inflateMessage();
    }
    append(message);
    if (!endsWithFlush(ByteBuffer.wrap(pending, 0, pendingLength))) {
      return null;
    }
    inflater.setInput(pending, 0, pendingLength);
    try {
      return inflateMessage();
    } finally {
      pendingLength = 0;
      if (pending.length > RETAINED_BUFFER) {
        pending = new byte[0];
      }
    }
  }

  private static boolean endsWithFlush(ByteBuffer b) {
    // One 4-byte read (a direct buffer checks every access): 00 00 FF FF in the buffer's order.
    return b.remaining() >= 4
        && b.getInt(b.limit() - 4) == (b.order() == ByteOrder.BIG_ENDIAN ? 0x0000FFFF : 0xFFFF0000);
  }

  private void append(ByteBuffer message) {
    int needed = pendingLength + message.remaining();
    if (needed > maxMessageBytes) {
      broken = true;
      throw tooLarge();
    }
    if (needed > pending.length) {
      pending =
          Arrays.copyOf(pending, Math.min(maxMessageBytes, Math.max(needed, pending.length * 2)));
    }
    message.get(pending, pendingLength, message.remaining());
    pendingLength = needed;
  }

  private byte[] inflateMessage() {
    int length = 0;
    try {
      while (true) {
        if (length == output.length) {
          output = Arrays.copyOf(output, grow(length));
        }
        int n = inflater.inflate(output, length, output.length - length);
        length += n;
        if (length > maxMessageBytes) {
          broken = true;
          throw tooLarge();
        }
        if (n == 0) {
          if (inflater.needsDictionary()) {
            broken = true;
            throw GatewayException.of(Kind.COMPRESSION, "zlib stream needs a preset dictionary");
          }
          if (inflater.needsInput() || inflater.finished() || length < output.length) {
            break;
          }
        } else if (length < output.length && inflater.needsInput()) {
          // All input taken and room left over: zlib stops only when one of the two runs out,
          // so the message is complete; asking again would be a second native call per message
          // that returns nothing.
          break;
        }
      }
    } catch (DataFormatException e) {
      broken = true;
      throw GatewayException.of(Kind.COMPRESSION, "corrupt zlib-stream data", e);
    }
    byte[] result = Arrays.copyOf(output, length);
    if (output.length > RETAINED_BUFFER) {
      output = new byte[0];
    }
    return result;
  }

  private int grow(int length) {
    long next = Math.max(INITIAL_OUTPUT, (long) length * 2);
    return (int) Math.min(next, (long) maxMessageBytes + 1);
  }

  private GatewayException tooLarge() {
    return GatewayException.of(
        Kind.MESSAGE_TOO_LARGE, "message exceeds the limit of " + maxMessageBytes + " bytes");
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      inflater.end();
    }
  }
}
