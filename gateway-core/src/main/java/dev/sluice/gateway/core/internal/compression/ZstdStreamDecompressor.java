package dev.sluice.gateway.core.internal.compression;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.GatewayException.Kind;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * {@code zstd-stream}: one zstd-jni decompression context for the whole connection, never reset
 * (GATEWAY.md 9.4). Every WebSocket message is one whole gateway message, but the zstd frame never
 * ends: each message is fed in and decoded until all its input is consumed and the output buffer is
 * not full, whatever {@code ZSTD_decompressStream} returns.
 *
 * <p>Bounds: the output of one message is capped at the maximum message size (a bomb is a typed
 * MESSAGE_TOO_LARGE); the window the decoder accepts is capped by {@code windowLogMax} (a frame
 * asking for more is a typed COMPRESSION error before any window is allocated). The context's
 * native memory (the window, up to {@code 2^windowLogMax} bytes plus two blocks) is freed by {@link
 * #close()}.
 *
 * <p>Only this class touches zstd-jni; {@link ZstdSupport} checks that it can be loaded before one
 * is created. {@link #decompress} and {@link #close} are serialized on this object, so a close from
 * another thread (connection teardown) waits for a message being decoded instead of freeing the
 * context under it.
 */
final class ZstdStreamDecompressor implements TransportDecompressor {

  /** The output array an event loop starts with: nearly every gateway message fits. */
  private static final int INITIAL_OUTPUT = 64 * 1024;

  /** Larger output arrays are dropped after their message, so a thread keeps a small one. */
  private static final int RETAINED_BUFFER = 256 * 1024;

  /**
   * Each thread's output array. Per thread, not per connection: an event loop decodes one message
   * at a time for many connections, and every message is copied out before {@link #decompress}
   * returns, so an idle connection keeps no output buffer at all. On the heap, not direct: the
   * decoder writes into it as fast (zstd-jni pins the array), and the copy of the message out of it
   * is {@code Arrays.copyOf}, which the JIT compiles to one copy into an array it does not zero
   * first (from native memory it is a call to {@code Unsafe.copyMemory} into a zeroed one).
   */
  private static final ThreadLocal<byte[]> OUTPUT =
      ThreadLocal.withInitial(() -> new byte[INITIAL_OUTPUT]);

  private final int maxMessageBytes;
  private final int windowLogMax;
  private final ZstdDecompressCtx context;
  private boolean broken;
  private boolean closed;

  ZstdStreamDecompressor(int maxMessageBytes, int windowLogMax) {
    this.maxMessageBytes = maxMessageBytes;
    this.windowLogMax = windowLogMax;
    ZstdDecompressCtx ctx = new ZstdDecompressCtx();
    try {
      ctx.setLongMax(windowLogMax);
    } catch (RuntimeException e) {
      ctx.close();
      throw new IllegalArgumentException(
          "zstd window log " + windowLogMax + " is not supported", e);
    }
    this.context = ctx;
    ZstdSupport.OPEN.incrementAndGet();
  }

  @Override
  public synchronized byte[] decompress(ByteBuffer message) {
    if (closed || broken) {
      throw GatewayException.of(Kind.COMPRESSION, "zstd context is closed after an earlier error");
    }
    ByteBuffer src = message.isDirect() || message.hasArray() ? message : copy(message);
    byte[] out = OUTPUT.get();
    int length = 0;
    try {
      while (true) {
        int remaining = src.remaining();
        int start = length;
        ByteBuffer dst = ByteBuffer.wrap(out, length, out.length - length);
        context.decompressByteBufferStream(dst, src);
        length = dst.position();
        if (length > maxMessageBytes) {
          broken = true;
          throw GatewayException.of(
              Kind.MESSAGE_TOO_LARGE, "message exceeds the limit of " + maxMessageBytes + " bytes");
        }
        if (!dst.hasRemaining()) {
          out = grow(out, length); // full: there may be more output
        } else if (!src.hasRemaining()) {
          break; // input consumed and room left: all this message holds is out
        } else if (src.remaining() == remaining && length == start) {
          broken = true; // room and input, yet nothing done: never spin on the event loop
          throw GatewayException.of(Kind.COMPRESSION, "zstd-stream decoder made no progress");
        }
      }
    } catch (ZstdException e) {
      broken = true;
      throw translate(e);
    } finally {
      if (out.length > RETAINED_BUFFER) {
        OUTPUT.remove();
      }
    }
    // null: only frame header or block bytes so far; nothing to deliver
    return length == 0 ? null : Arrays.copyOf(out, length);
  }

  /** A larger output array (at most one byte over the limit) holding the full one's bytes. */
  private byte[] grow(byte[] full, int length) {
    long next = Math.min((long) full.length * 2, (long) maxMessageBytes + 1);
    byte[] larger = Arrays.copyOf(full, (int) Math.max(next, length + 1L));
    OUTPUT.set(larger);
    return larger;
  }

  private GatewayException translate(ZstdException e) {
    // zstd-jni's streaming calls report the error code negated; its one-shot calls do not.
    if (Math.abs(e.getErrorCode()) == Zstd.errFrameParameterWindowTooLarge()) {
      return GatewayException.of(
          Kind.COMPRESSION,
          "zstd-stream window exceeds the accepted 2^" + windowLogMax + " bytes",
          e);
    }
    return GatewayException.of(Kind.COMPRESSION, "corrupt zstd-stream data", e);
  }

  private static ByteBuffer copy(ByteBuffer readOnly) {
    ByteBuffer copy = ByteBuffer.allocate(readOnly.remaining());
    copy.put(readOnly).flip();
    return copy;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      context.close();
      ZstdSupport.OPEN.decrementAndGet();
    }
  }
}
