package dev.sluice.gateway.testkit;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.sluice.gateway.core.Compression;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * The fake gateway's side of transport compression: one context per connection, each payload
 * flushed so the client can decode it at once (GATEWAY.md 9.3, 9.4). Called by {@link
 * FakeConnection} under its lock; {@link #close()} frees the native context once the connection
 * ends.
 */
sealed interface OutboundCompressor extends AutoCloseable {

  /** The compressor for {@code compression}, or null for {@link Compression#NONE}. */
  static OutboundCompressor create(Compression compression) {
    return switch (compression) {
      case NONE -> null;
      case ZLIB_STREAM -> new Zlib();
      case ZSTD_STREAM -> new Zstd();
    };
  }

  /** The compression named by a gateway URL's {@code compress} query value. */
  static Compression fromUri(String uri) {
    if (uri.contains("compress=zstd-stream")) {
      return Compression.ZSTD_STREAM;
    }
    return uri.contains("compress=zlib-stream") ? Compression.ZLIB_STREAM : Compression.NONE;
  }

  /** Why zstd-stream cannot be served here (zstd-jni missing), or null when it can. */
  static String zstdProblem() {
    return ZstdProbe.PROBLEM;
  }

  /** The next message of the stream. */
  byte[] compress(byte[] input);

  /**
   * Whether a message may be cut into several WebSocket messages ({@code splitFrames}): zlib-stream
   * only (its end is marked by the flush suffix); a zstd-stream message is one WebSocket message
   * and is cut into WebSocket fragments instead.
   */
  boolean splitsAcrossMessages();

  @Override
  void close();

  /** Loads zstd-jni once, on the first zstd-stream connection; the testkit runs without it. */
  final class ZstdProbe {
    static final String PROBLEM = probe();

    private ZstdProbe() {}

    private static String probe() {
      try {
        Class.forName(
            "com.github.luben.zstd.ZstdCompressCtx",
            true,
            OutboundCompressor.class.getClassLoader());
        return null;
      } catch (ClassNotFoundException | LinkageError e) {
        return "compress=zstd-stream needs com.github.luben:zstd-jni on the fake gateway's class"
            + " path (on the module path also --add-modules com.github.luben.zstd_jni): "
            + e;
      }
    }
  }

  /** zlib-stream: one Deflater, Z_SYNC_FLUSH after every message. */
  final class Zlib implements OutboundCompressor {
    private final Deflater deflater = new Deflater();

    @Override
    public byte[] compress(byte[] input) {
      deflater.setInput(input);
      ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 2 + 16);
      byte[] buffer = new byte[8192];
      int n;
      do {
        n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
        out.write(buffer, 0, n);
      } while (n == buffer.length);
      return out.toByteArray();
    }

    @Override
    public boolean splitsAcrossMessages() {
      return true;
    }

    @Override
    public void close() {
      deflater.end();
    }
  }

  /**
   * zstd-stream: one zstd context at level 3, flushed after every message, the frame never ended.
   */
  final class Zstd implements OutboundCompressor {
    private final ZstdCompressCtx ctx = new ZstdCompressCtx().setLevel(3);
    private boolean closed;

    @Override
    public byte[] compress(byte[] input) {
      ByteBuffer src = ByteBuffer.wrap(input);
      ByteBuffer dst = ByteBuffer.allocate(input.length / 2 + 64);
      while (!ctx.compressByteBufferStream(dst, src, EndDirective.FLUSH)) {
        dst = ByteBuffer.allocate(dst.capacity() * 2).put(dst.flip());
      }
      return Arrays.copyOf(dst.array(), dst.position());
    }

    @Override
    public boolean splitsAcrossMessages() {
      return false;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        ctx.close();
      }
    }
  }
}
