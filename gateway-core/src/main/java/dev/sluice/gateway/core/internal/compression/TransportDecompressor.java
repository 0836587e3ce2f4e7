package dev.sluice.gateway.core.internal.compression;

import dev.sluice.gateway.core.Compression;
import java.nio.ByteBuffer;

/**
 * Turns the WebSocket messages of one connection into gateway messages. One instance per connection
 * (a zlib-stream context spans the whole connection); {@link #close()} it when the connection ends.
 *
 * <p>Not thread-safe: the connection's inbound pipeline calls it, one message at a time.
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
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("max message size must be positive");
    }
    return switch (compression) {
      case NONE -> new IdentityDecompressor(maxMessageBytes);
      case ZLIB_STREAM -> new ZlibStreamDecompressor(maxMessageBytes);
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

  /** Releases native resources. Idempotent. */
  @Override
  void close();
}
