package dev.sluice.gateway.core.compression;

/**
 * Transport compression, negotiated with the {@code compress} query parameter of the gateway URL.
 * {@code zstd-stream} fits the same {@link TransportDecompressor} shape and can be added later.
 */
public enum Compression {
  /** No transport compression: every message is plain JSON. */
  NONE(null),
  /**
   * One zlib stream for the whole connection; a message ends with {@code 00 00 FF FF} and may span
   * several WebSocket messages.
   */
  ZLIB_STREAM("zlib-stream");

  private final String queryValue;

  Compression(String queryValue) {
    this.queryValue = queryValue;
  }

  /** The {@code compress} query value, or null for {@link #NONE}. */
  public String queryValue() {
    return queryValue;
  }

  /**
   * A decompressor for one new connection.
   *
   * @param maxMessageBytes the largest decompressed message accepted; larger ones fail with a typed
   *     error instead of exhausting memory
   * @throws IllegalArgumentException when {@code maxMessageBytes < 1}
   */
  public TransportDecompressor newDecompressor(int maxMessageBytes) {
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("max message size must be positive");
    }
    return switch (this) {
      case NONE -> new IdentityDecompressor(maxMessageBytes);
      case ZLIB_STREAM -> new ZlibStreamDecompressor(maxMessageBytes);
    };
  }
}
