package dev.sluice.gateway.core.internal.compression;

import dev.sluice.gateway.core.Compression;
import java.nio.ByteBuffer;

/**
 * Turns the WebSocket messages of one connection into gateway messages. One instance per connection
 * (a zlib-stream or zstd-stream context spans the whole connection); {@link #close()} it when the
 * connection ends.
 *
 * <p>The connection's inbound pipeline calls {@link #decompress}, one message at a time; {@link
 * #close()} may come from another thread and is idempotent.
 */
public interface TransportDecompressor extends AutoCloseable {

  /**
   * A decompressor for one new connection using {@code compression}.
   *
   * @param maxMessageBytes the largest decompressed message accepted; larger ones fail with a typed
   *     error instead of exhausting memory
   * @throws IllegalArgumentException when {@code maxMessageBytes < 1}
   */
  static TransportDecompressor create(Compression compression, int maxMessageBytes) {
    return create(compression, maxMessageBytes, ZstdWindow.configured());
  }

  /**
   * A decompressor for one new connection using {@code compression}, with an explicit bound on the
   * zstd window.
   *
   * @param maxMessageBytes the largest decompressed message accepted
   * @param zstdWindowLogMax for {@code zstd-stream}: the largest window accepted is {@code
   *     2^zstdWindowLogMax} bytes (a frame asking for more is a COMPRESSION error); ignored
   *     otherwise
   * @throws IllegalArgumentException when {@code maxMessageBytes < 1} or the window log is outside
   *     {@link ZstdWindow#MIN_LOG}..{@link ZstdWindow#MAX_LOG}
   * @throws dev.sluice.gateway.core.GatewayException of kind CONFIGURATION for {@code zstd-stream}
   *     without zstd-jni
   */
  static TransportDecompressor create(
      Compression compression, int maxMessageBytes, int zstdWindowLogMax) {
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("max message size must be positive");
    }
    return switch (compression) {
      case NONE -> new IdentityDecompressor(maxMessageBytes);
      case ZLIB_STREAM -> new ZlibStreamDecompressor(maxMessageBytes);
      case ZSTD_STREAM -> {
        ZstdWindow.check(zstdWindowLogMax);
        ZstdSupport.requireAvailable();
        yield new ZstdStreamDecompressor(maxMessageBytes, zstdWindowLogMax);
      }
    };
  }

  /**
   * Feeds one received WebSocket message.
   *
   * @param message the received bytes; read fully, not retained
   * @return a complete gateway message, or {@code null} when the message continues in later ones
   * @throws dev.sluice.gateway.core.GatewayException of kind COMPRESSION for corrupt input, of kind
   *     MESSAGE_TOO_LARGE when a message would exceed the limit; the decompressor is unusable after
   *     either
   */
  byte[] decompress(ByteBuffer message);

  /** Convenience for {@link #decompress(ByteBuffer)} on an array. */
  default byte[] decompress(byte[] message) {
    return decompress(ByteBuffer.wrap(message));
  }

  /** Releases native resources. Idempotent; safe from any thread. */
  @Override
  void close();
}
